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

import types
import weakref
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

from .shape import _MISSING, _UNORDERED, Shape, Shapes

if TYPE_CHECKING:
    from .frames import SourceFinder


class _Ref(weakref.ref):  # type: ignore[type-arg]
    """A weak reference that remembers the id of the node it points to."""

    __slots__ = ("key",)
    key: int


class Maker:
    """Which of the engine's methods made a node, read from the stack when it was made.

    ``method`` is the innermost engine method that called the constructor
    (``__mul__`` for ``x * -1`` written as ``__neg__``); ``outer`` the
    outermost engine method around it when that is another one (``__neg__``);
    ``args`` the method's arguments after ``self`` that are numbers (the ``2``
    of ``x ** 2``); ``operand`` the method's ``self`` and other node
    arguments, as the ids of the nodes they were when the node was made;
    ``file`` and ``line`` the statement in ``method`` that called the
    constructor (where an engine that stores its local derivatives computes
    them).
    """

    __slots__ = ("method", "outer", "args", "operands", "file", "line")

    def __init__(self, method: str, outer: Optional[str], args: Tuple[Any, ...],
                 operands: Tuple[int, ...], file: Optional[str] = None,
                 line: int = 0) -> None:
        self.method = method
        self.outer = outer
        self.args = args
        self.operands = operands
        self.file = file
        self.line = line


# Methods whose number arguments and operand order the replay never needs: commutative and
# one-input operations (names folded: lower case, no surrounding underscores). Only a
# shortcut: reading a method's arguments costs a dictionary of its frame's locals, and for
# any other name they are read.
_NO_ARGUMENTS_NEEDED = frozenset((
    "add", "radd", "iadd", "mul", "rmul", "imul", "neg", "tanh", "exp", "log", "relu",
    "sigmoid", "sin", "cos", "sqrt", "abs", "gelu"))
_needs_arguments: Dict[types.CodeType, bool] = {}
# One Maker per statement for the makers without arguments (most): shared, they cost a node
# no memory, and a capture writes each one's text once.
_shared: Dict[Tuple[types.CodeType, int, Optional[str]], Maker] = {}


def is_free_operation(frame: types.FrameType, node: Any, children: str,
                      is_engine: Callable[[types.CodeType], bool]) -> bool:
    """Whether the function running in ``frame``, which called the constructor of ``node``
    and is no method of the engine's, is part of an engine written as free functions: a
    function (not a module's or a class's body, a comprehension or a lambda) that made a
    node with inputs (``def mul(a, b)``), or a leaf when the engine's code called it (a
    helper that wraps numbers, ``_wrap(x)``, called by ``add``)."""
    code = frame.f_code
    if code.co_name.startswith("<") or code.co_flags & 0x02 == 0:  # CO_NEWLOCALS: a function
        return False
    try:
        if getattr(node, children, None):
            return True
    except Exception:
        return False
    caller = frame.f_back
    return caller is not None and is_engine(caller.f_code)


def read_maker(frame: types.FrameType, finder: "SourceFinder", shapes: Shapes,
               leaf: bool = False, outer: Optional[types.FrameType] = None) -> Maker:
    """The ``Maker`` of a node whose constructor ``frame`` called, ``frame`` being engine code.

    The engine methods around ``frame`` are walked outwards to the first frame
    that is not the engine's; the method's own arguments are read from its
    parameters as they stand now (``other`` already wrapped into a node, say),
    except for a ``leaf`` (a constant the engine made: only its method matters)
    and for methods whose arguments the replay never needs. ``outer``, when the caller
    has walked them already, is the outermost of those methods.
    """
    if outer is None:
        outer = frame
        current = frame.f_back
        while current is not None and finder.is_engine_code(current.f_code):
            outer = current
            current = current.f_back
    code = frame.f_code
    numbers: List[Any] = []
    operands: List[int] = []
    needed = _needs_arguments.get(code)
    if needed is None:
        needed = code.co_name.strip("_").lower() not in _NO_ARGUMENTS_NEEDED
        _needs_arguments[code] = needed
    count = code.co_argcount + code.co_kwonlyargcount
    if count and needed and not leaf:
        values = frame.f_locals
        of = shapes.of
        for name in code.co_varnames[:count]:
            value = values.get(name, _MISSING)
            kind = type(value)
            if kind is float or kind is int:
                numbers.append(value)
            elif value is not _MISSING and value is not None and of(value) is not None:
                operands.append(id(value))
    outer_name = outer.f_code.co_name if outer is not frame else None
    if outer_name == code.co_name:
        outer_name = None
    if numbers or operands:
        return Maker(code.co_name, outer_name, tuple(numbers), tuple(operands),
                     code.co_filename, frame.f_lineno)
    key = (code, frame.f_lineno, outer_name)
    maker = _shared.get(key)
    if maker is None:
        maker = _shared[key] = Maker(code.co_name, outer_name, (), (), code.co_filename,
                                     frame.f_lineno)
    return maker


class Entry:
    """One node's creation: order of creation, ordered input ids, source line, maker."""

    __slots__ = ("seq", "children", "file", "line", "ref", "maker")

    def __init__(self, seq: int, children: Optional[Tuple[int, ...]], file: Optional[str],
                 line: Optional[int], ref: Optional[_Ref], maker: Optional[Maker] = None) -> None:
        self.seq = seq
        self.children = children
        self.file = file
        self.line = line
        self.ref = ref
        self.maker = maker


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
            file: Optional[str], line: Optional[int], maker: Optional[Maker] = None) -> None:
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
        self._entries[id(node)] = Entry(self._seq, children, file, line, ref, maker)

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
