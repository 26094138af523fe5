"""What ``record()`` saw when each node was made: its inputs in order, and its source line.

Entries are keyed by ``id(node)``: nodes may be unhashable (a class that
defines ``__eq__``) or refuse new attributes (``__slots__``). Where the class
allows weak references, an entry is dropped when its node dies, so a reused
id never finds a stale entry. Where it does not, an entry is trusted only if
the node's inputs are still the ones recorded; a dead node's entry stays
until a new node takes its id, which bounds the log by the peak number of
live nodes.
"""

from __future__ import annotations

import weakref
from typing import Any, Dict, List, Optional, Tuple

from .shape import _MISSING, _UNORDERED, Shape


class _Ref(weakref.ref):  # type: ignore[type-arg]
    """A weak reference that remembers the id of the node it points to."""

    __slots__ = ("key",)
    key: int


class Entry:
    """One node's creation: order of creation, ordered input ids, source line."""

    __slots__ = ("seq", "children", "file", "line", "ref")

    def __init__(self, seq: int, children: Optional[Tuple[int, ...]], file: Optional[str],
                 line: Optional[int], ref: Optional[_Ref]) -> None:
        self.seq = seq
        self.children = children
        self.file = file
        self.line = line
        self.ref = ref


def ordered_from_arguments(container: Any, args: Tuple[Any, ...],
                           kwargs: Dict[str, Any]) -> Optional[Tuple[int, ...]]:
    """The ids of a node's inputs in the order the constructor's arguments gave them.

    ``container`` is what the engine kept (a ``set`` in micrograd). The
    arguments are searched for a tuple or list whose elements are exactly the
    container's members (``(self, other)``, ``(a, a)``), then for the members
    given one by one. ``None`` when the arguments do not account for every
    member; ``()`` for a leaf.
    """
    if container is None or container is _MISSING:
        return ()
    try:
        wanted = set(map(id, container))
    except Exception:
        return None
    if not wanted:
        return ()
    values = args + tuple(kwargs.values()) if kwargs else args
    for value in values:
        if type(value) is tuple or type(value) is list or isinstance(value, (tuple, list)):
            if value and set(map(id, value)) == wanted:
                return tuple(map(id, value))
    loose: List[int] = []
    for value in values:
        if isinstance(value, (tuple, list)):
            loose.extend(key for key in map(id, value) if key in wanted)
        elif id(value) in wanted:
            loose.append(id(value))
    if set(loose) == wanted:
        return tuple(loose)
    return None


class CreationLog:
    """The creation entries of every node made while recording, keyed by ``id()``."""

    def __init__(self) -> None:
        self._entries: Dict[int, Entry] = {}
        self._seq = 0
        self._callback = self._gone

    def __len__(self) -> int:
        return len(self._entries)

    def _gone(self, ref: _Ref) -> None:
        entry = self._entries.get(ref.key)
        if entry is not None and entry.ref is ref:
            del self._entries[ref.key]

    def add(self, node: Any, shape: Shape, args: Tuple[Any, ...], kwargs: Dict[str, Any],
            file: Optional[str], line: Optional[int]) -> None:
        """Record that ``node`` was just made by a constructor given ``args``, ``kwargs``.

        For an unordered container the first non-empty tuple or list among the
        positional arguments is taken as the inputs in order (``(self, other)``);
        ``lookup`` checks it against the container before it is used.
        """
        container: Any = getattr(node, shape.children, None)
        children: Optional[Tuple[int, ...]] = None
        if not container:
            children = ()
        elif isinstance(container, _UNORDERED):
            for value in args:
                kind = type(value)
                if (kind is tuple or kind is list) and value:
                    children = tuple(map(id, value))
                    break
            else:
                children = ordered_from_arguments(container, args, kwargs)
        ref = None
        if shape.weakrefable is not False:
            try:
                ref = _Ref(node, self._callback)
                shape.weakrefable = True
            except TypeError:
                shape.weakrefable = False
        if ref is not None:
            ref.key = id(node)
        elif children:  # no weak reference: lookup() trusts the inputs, so check them now
            try:
                if set(children) != set(map(id, container)):
                    children = ordered_from_arguments(container, args, kwargs)
            except TypeError:
                children = None
        self._seq += 1
        self._entries[id(node)] = Entry(self._seq, children, file, line, ref)

    def lookup(self, node: Any, shape: Shape, members: Optional[List[Any]]) -> Optional[Entry]:
        """The entry of ``node``, if it is trustworthy.

        ``members`` are the node's inputs as the engine holds them now.
        """
        entry = self._entries.get(id(node))
        if entry is None:
            return None
        if entry.ref is not None:
            return entry if entry.ref() is node else None
        if entry.children is not None and members is not None:
            if set(entry.children) != {id(member) for member in members}:
                return None
        return entry


def children_in_order(entry: Optional[Entry], members: List[Any],
                      ordered: bool) -> Tuple[List[Any], bool]:
    """The node's inputs, in constructor order when the entry knows it."""
    if ordered or entry is None or entry.children is None:
        return members, ordered
    by_id = dict(zip(map(id, members), members))
    if set(entry.children) != set(by_id):
        return members, ordered
    return [by_id[key] for key in entry.children], True
