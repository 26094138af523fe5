#ifndef AUTOGRAD_MEMORY_HINTS_H
#define AUTOGRAD_MEMORY_HINTS_H

/// Asks the processor to start loading the cache line that holds `address` and return at
/// once. A hint only: it never faults and changes no value, whatever the address.
static inline void ag_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
