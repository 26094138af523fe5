"""Names for nodes that have no label: the script's variables that bind them.

Breadth first from a frame's locals, then its globals: plain names (``x1``),
items of lists and tuples (``xs[0]``), values of dicts with string or int keys
(``params['w']``), and public attributes of ordinary objects
(``mlp.layers[0].neurons[1].b``). The shortest path wins; on a tie, locals
before globals and earlier names before later ones; a ``for`` loop's variable
(``p`` after ``for p in params``) only names what no other path reaches. Names starting with
``_`` are skipped (IPython's ``_``, ``_i3``, ``__builtins__``); so are
modules, classes, functions, and the insides of nodes. The search is bounded
in depth and in the number of objects it looks at.
"""

from __future__ import annotations

import dis
import types
from collections import deque
from typing import Any, Deque, Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

MAX_DEPTH = 8
MAX_VISITS = 50_000
MAX_ITEMS = 10_000  # of one list, tuple or dict

_SKIP_TYPES = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType,
               types.MethodType, types.CodeType, types.FrameType, types.GeneratorType,
               str, bytes, bytearray, int, float, complex, bool, range, memoryview,
               property, staticmethod, classmethod)


def _attributes(obj: Any) -> Iterable[Tuple[str, Any]]:
    """An ordinary object's public attributes, from ``__dict__`` and ``__slots__``."""
    try:
        fields = object.__getattribute__(obj, "__dict__")
    except Exception:
        fields = None
    if isinstance(fields, dict):
        for name, value in list(fields.items()):
            if isinstance(name, str) and not name.startswith("_"):
                yield name, value
    for klass in type(obj).__mro__:
        slots = vars(klass).get("__slots__")
        if isinstance(slots, str):
            slots = (slots,)
        if not slots:
            continue
        for name in slots:
            if isinstance(name, str) and not name.startswith("_"):
                try:
                    yield name, object.__getattribute__(obj, name)
                except Exception:
                    continue


def find_names(scopes: Iterable[Optional[Dict[str, Any]]], is_node: Any,
               wanted: Optional[Set[int]] = None,
               last: FrozenSet[str] = frozenset()) -> Dict[int, str]:
    """A name for each node that a variable in ``scopes`` reaches, keyed by ``id(node)``.

    ``is_node(obj)`` tells nodes (which are named, never entered) from other
    objects. When ``wanted`` (a set of ids) is given, only those nodes are
    named, and the search stops once all of them are. The variables in ``last``
    (a ``for`` loop's targets, ``loop_targets``) name only what nothing else
    reaches: after ``for p in model.parameters()``, ``p`` is whichever parameter
    came last, and ``model.b`` says which one it is.
    """
    names: Dict[int, str] = {}
    queue: Deque[Tuple[str, Any, int]] = deque()
    later: List[Tuple[str, Any, int]] = []
    seen: Set[int] = set()
    for scope in scopes:
        if not scope:
            continue
        for name, value in list(scope.items()):
            if isinstance(name, str) and not name.startswith("_"):
                (later if name in last else queue).append((name, value, 0))
    remaining = len(wanted) if wanted is not None else -1
    visits = 0
    while (queue or later) and visits < MAX_VISITS and remaining != 0:
        if not queue:
            queue.extend(later)
            later = []
        path, obj, depth = queue.popleft()
        key = id(obj)
        if key in seen:
            continue
        seen.add(key)
        visits += 1
        if obj is None or isinstance(obj, _SKIP_TYPES):
            continue
        if is_node(obj):
            if wanted is None or key in wanted:
                names[key] = path
                remaining -= 1
            continue
        if depth < MAX_DEPTH:
            _expand(path, obj, depth + 1, queue)
    return names


def _expand(path: str, obj: Any, depth: int, queue: Deque[Tuple[str, Any, int]]) -> None:
    """Queue what ``obj`` holds, each with its path."""
    if isinstance(obj, (list, tuple)):
        for position, item in enumerate(obj[:MAX_ITEMS]):
            queue.append((f"{path}[{position}]", item, depth))
        return
    if isinstance(obj, dict):
        for count, (key, value) in enumerate(list(obj.items())):
            if count >= MAX_ITEMS:
                break
            if isinstance(key, str):
                queue.append((f"{path}[{key!r}]", value, depth))
            elif type(key) is int:
                queue.append((f"{path}[{key}]", value, depth))
        return
    if isinstance(obj, (set, frozenset)):
        return
    for name, value in _attributes(obj):
        queue.append((f"{path}.{name}", value, depth))


_loop_targets: Dict[types.CodeType, FrozenSet[str]] = {}


def loop_targets(frame: Optional[types.FrameType]) -> FrozenSet[str]:
    """The names a ``for`` loop of ``frame``'s code binds (the instructions that store right
    after ``FOR_ITER``, an unpacking's included); read once per code object."""
    if frame is None:
        return frozenset()
    code = frame.f_code
    found = _loop_targets.get(code)
    if found is None:
        names: Set[str] = set()
        storing = 0
        try:
            for instruction in dis.get_instructions(code):
                operation = instruction.opname
                if operation == "FOR_ITER":
                    storing = 1
                elif storing and operation in ("UNPACK_SEQUENCE", "UNPACK_EX"):
                    storing += instruction.arg or 0
                elif storing and operation.startswith("STORE_") and \
                        isinstance(instruction.argval, str):
                    names.add(instruction.argval)
                    storing -= 1
                elif operation not in ("EXTENDED_ARG", "CACHE"):
                    storing = 0
        except Exception:
            names = set()
        found = _loop_targets[code] = frozenset(names)
    return found


def frame_scopes(frame: Optional[types.FrameType]) -> Tuple[Optional[Dict[str, Any]], ...]:
    """The locals and (when different) globals of ``frame``."""
    if frame is None:
        return ()
    global_names = frame.f_globals
    try:
        local_view = frame.f_locals
        if local_view is global_names:
            return (global_names,)
        local_names = dict(local_view)
    except Exception:
        local_names = {}
    return (local_names, global_names)
