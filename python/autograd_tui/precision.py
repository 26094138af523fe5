"""The precision of an engine's numbers, when it is less than a double's.

An engine fed ``numpy.float32`` data computes every value and grad in single
precision: ``x * y`` rounds to 24 significant bits, not 53. autograd-tui
replays in doubles, so it must judge such a capture at the data's own
precision. The capture says it as ``"precision": {"type": "float32",
"bits": 24}``: the narrowest binary floating type among the nodes' data and
grads, and its significand's bits (the implicit one included), written only
when narrower than a double.
"""

from __future__ import annotations

import sys
from typing import Any, Optional, Sequence, Tuple

from .jsonnum import string_text

DOUBLE_BITS = 53
_BITS_BY_SIZE = {2: 11, 4: 24}


def significand_bits(value: Any) -> Optional[Tuple[str, int]]:
    """The type name and significand bits of a numpy-style floating scalar, else ``None``."""
    dtype = getattr(value, "dtype", None)
    if dtype is None or getattr(dtype, "kind", "") != "f":
        return None
    name = str(getattr(dtype, "name", "float"))
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        try:
            return name, int(numpy.finfo(dtype).nmant) + 1
        except Exception:
            pass
    bits = _BITS_BY_SIZE.get(int(getattr(dtype, "itemsize", 8) or 8))
    return (name, bits) if bits is not None else None


def precision_member(nodes: Sequence[Any], shapes: Sequence[Any]) -> Optional[str]:
    """``"precision": {...}`` for the narrowest float among the nodes' data and grads when it
    is narrower than a double, else ``None``."""
    narrowest: Optional[Tuple[str, int]] = None
    for node, shape in zip(nodes, shapes):
        for attribute in (shape.data, shape.grad):
            value = getattr(node, attribute, None)
            kind = type(value)
            if kind is float or kind is int or value is None:
                continue
            found = significand_bits(value)
            if found is not None and (narrowest is None or found[1] < narrowest[1]):
                narrowest = found
    if narrowest is None or narrowest[1] >= DOUBLE_BITS:
        return None
    return '"precision": {"type": %s, "bits": %d}' % (string_text(narrowest[0]), narrowest[1])
