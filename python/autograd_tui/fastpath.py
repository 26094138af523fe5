"""A fast capture for the common case: one node class, no creation log, a shallow graph.

The general path (``walk``, ``probe``, ``capture``) handles every engine but
costs several passes over the graph with ``getattr`` and ``setattr`` on
attribute names held in variables. This one does the same work in a single
recursive post-order pass, with the engine's attribute names compiled into
the code (``node.data``, ``node.grad = 1.0``), so that each node is walked,
probed and written while it is hot. The output is identical to the general
path's (the tests compare them).

It gives up, by raising ``Fallback`` before it has changed anything that is
not put back, whenever the case is not the common one: a node of another
class (or a non-node among the inputs), a cycle, a graph deeper than
``DEPTH_LIMIT`` (or than the recursion limit allows on Python < 3.11, where
deep recursion could overflow the C stack). Any probe outcome other than a
clean ``add`` is handed to the general ``probe_call``.

The generated code only ever contains attribute names from the fixed lists in
``shape`` (identifiers), never text taken from the user's program.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Dict, List, Optional, Tuple

from .capture import LINE, op_text
from .jsonnum import number_text, string_text
from .probe import SENTINEL, TOLERANCE, ZERO, probe_call, probe_local_grads
from .shape import Shape

DEPTH_LIMIT = 50_000 if sys.version_info >= (3, 11) else 2_000
used = 0  # captures this module walked itself (for the tests)
used_plan = 0  # captures of a graph walked by ``walk`` (for the tests)


class Fallback(Exception):
    """The fast path cannot capture this graph; use the general one."""


_TEMPLATE = '''
def capture(root, names, limit, plan):
    index = {}
    lines = []
    append = lines.append
    saved = []
    cache = {}
    opcache = {}
    unordered = (set, frozenset, dict)
    main_class = type(root)
@START@
    try:
        for position, node in enumerate(nodes):
@MEMBERS@
            data = node.@DATA@
            if type(data) is float and data - data == 0.0:
                data_text = repr(data)
                if data:
                    cache[data] = data_text
            else:
                data_text = number_text(data)
            grad = node.@GRAD@
            saved.append(grad)
            if type(grad) is float and grad - grad == 0.0:
                grad_text = cache.get(grad) if grad else None
                if grad_text is None:
                    grad_text = repr(grad)
                    if grad:
                        cache[grad] = grad_text
            else:
                grad_text = number_text(grad)
@OP@
@LABEL@
            probe = ""
            if not members:
                kids = "[]"
                ordered = "true"
            else:
@ORDERED@
                count = len(members)
                if count == 2:
@PAIR2@
                    if p1 >= position or p2 >= position:
                        raise Fallback
                    kids = "[%d, %d]" % (p1, p2)
                    pairs = [(p1, first)] if first is second else [(p1, first), (p2, second)]
                elif count == 1:
@PAIR1@
                    if p1 >= position:
                        raise Fallback
                    kids = "[%d]" % p1
                    pairs = [(p1, first)]
                else:
@PAIRS@
                    if max(numbers) >= position:
                        raise Fallback
                    kids = "[" + ", ".join([str(n) for n in numbers]) + "]"
                    pairs = []
                    taken = set()
                    for n, member in zip(numbers, listed):
                        if n not in taken:
                            taken.add(n)
                            pairs.append((n, member))
                    count = 3
@PROBE@
@LINE@
    finally:
        for node, grad in zip(nodes, saved):
            try:
                node.@GRAD@ = grad
            except Exception:
                pass
    return lines, index, nodes
'''

_WALKED = {
    "@START@": '''    nodes = []
    seen = set()
    mark = seen.add
    keep = nodes.append

    def visit(node, depth):
        mark(id(node))
        for child in node.@CHILDREN@:
            if id(child) not in seen:
                if type(child) is not main_class or depth >= limit:
                    raise Fallback
                visit(child, depth + 1)
        keep(node)

    try:
        visit(root, 0)
    except RecursionError:
        raise Fallback from None
    index.update(zip(map(id, nodes), range(len(nodes))))''',
    "@MEMBERS@": '''            members = node.@CHILDREN@''',
    "@ORDERED@": '''                ordered = "false" if type(members) in unordered else "true"''',
    "@PAIR2@": '''                    first, second = members
                    p1 = index[id(first)]
                    p2 = index[id(second)]''',
    "@PAIR1@": '''                    first, = members
                    p1 = index[id(first)]''',
    "@PAIRS@": '''                    listed = list(members)
                    numbers = [index[id(member)] for member in listed]''',
    "@LINE@": '''            append('{"id": %d, "op": %s, "label": %s, "data": %s, "grad": %s, '
                   '"children": %s, "ordered": %s%s}'
                   % (position, op, label, data_text, grad_text, kids, ordered, probe))''',
}

_PLANNED = {
    "@START@": '''    nodes, kids_of, flags, befores, wheres, known = plan
    index.update(known)''',
    "@MEMBERS@": '''            members = kids_of[position]''',
    "@ORDERED@": '''                ordered = "true" if flags[position] else "false"''',
    "@PAIR2@": '''                    p1, p2 = members
                    first = nodes[p1]
                    second = nodes[p2]''',
    "@PAIR1@": '''                    p1, = members
                    first = nodes[p1]''',
    "@PAIRS@": '''                    numbers = members
                    listed = [nodes[n] for n in numbers]''',
    "@LINE@": '''            append(LINE % (position, op, label, data_text, grad_text,
                           "" if befores is None else befores[position], kids, ordered,
                           "" if wheres is None else wheres[position], probe))''',
}

_OP = '''        op = node.@OP_NAME@
        if type(op) is str:
            op_json = opcache.get(op)
            if op_json is None:
                op_json = opcache[op] = op_text(op)
            op = op_json
        else:
            op = op_text(op)'''

_NO_OP = '''        op = "null"'''

_LABEL = '''        label = getattr(node, "@LABEL_NAME@", None)
        if label is None or label == "":
            label = names.get(id(node))
        elif type(label) is not str:
            label = str(label)
        label = "null" if label is None else string_text(label)'''

_NO_LABEL = '''        label = names.get(id(node))
        label = "null" if label is None else string_text(label)'''

_PROBE = '''            function = getattr(node, "@BACKWARD@", None)
            if function is not None:
                probe = None
                if count <= 2 and len(pairs) == 2:
                    (p1, first), (p2, second) = pairs
                    try:
                        node.@GRAD@ = 1.0
                        first.@GRAD@ = ZERO
                        second.@GRAD@ = ZERO
                        function()
                        a1 = first.@GRAD@
                        a2 = second.@GRAD@
                        node.@GRAD@ = 3.0
                        function()
                        b1 = first.@GRAD@
                        b2 = second.@GRAD@
                        if (type(a1) is float and a1 and type(b1) is float
                                and abs(b1 - 4.0 * a1) <= 1e-9 * abs(b1) and a1 - a1 == 0.0):
                            m1 = "add"
                        else:
                            m1 = mode_of(a1, b1)
                        if (type(a2) is float and a2 and type(b2) is float
                                and abs(b2 - 4.0 * a2) <= 1e-9 * abs(b2) and a2 - a2 == 0.0):
                            m2 = "add"
                        else:
                            m2 = mode_of(a2, b2)
                        if m1 is not None and m2 is not None:
                            if m1 == "zero" or m2 == "zero":
                                node.@GRAD@ = 1.0
                                first.@GRAD@ = SENTINEL
                                second.@GRAD@ = SENTINEL
                                function()
                                if m1 == "zero":
                                    m1 = "add" if first.@GRAD@ == SENTINEL else None
                                if m2 == "zero":
                                    m2 = "add" if second.@GRAD@ == SENTINEL else None
                            if m1 is not None and m2 is not None:
                                t1 = cache.get(a1) if a1 else repr(a1)
                                if t1 is None:
                                    t1 = repr(a1)
                                t2 = cache.get(a2) if a2 else repr(a2)
                                if t2 is None:
                                    t2 = repr(a2)
                                probe = (', "probe": [{"child": %d, "local": %s, "mode": "%s"}, '
                                         '{"child": %d, "local": %s, "mode": "%s"}]'
                                         % (p1, t1, m1, p2, t2, m2))
                    except Exception:
                        probe = None
                elif count <= 2:
                    (p1, first), = pairs
                    try:
                        node.@GRAD@ = 1.0
                        first.@GRAD@ = ZERO
                        function()
                        a1 = first.@GRAD@
                        node.@GRAD@ = 3.0
                        function()
                        b1 = first.@GRAD@
                        if (type(a1) is float and a1 and type(b1) is float
                                and abs(b1 - 4.0 * a1) <= 1e-9 * abs(b1) and a1 - a1 == 0.0):
                            m1 = "add"
                        else:
                            m1 = mode_of(a1, b1)
                        if m1 == "zero":
                            node.@GRAD@ = 1.0
                            first.@GRAD@ = SENTINEL
                            function()
                            m1 = "add" if first.@GRAD@ == SENTINEL else None
                        if m1 is not None:
                            t1 = cache.get(a1) if a1 else repr(a1)
                            if t1 is None:
                                t1 = repr(a1)
                            probe = (', "probe": [{"child": %d, "local": %s, "mode": "%s"}]'
                                     % (p1, t1, m1))
                    except Exception:
                        probe = None
                if probe is None:
                    probe = slow(node, pairs, function)
@LOCAL_GRADS@'''

_LOCAL_GRADS = '''            elif hasattr(node, "@LOCAL_GRADS_NAME@"):
                probe = slow_local(node, node.@CHILDREN@, index)'''

_NO_LOCAL_GRADS = ''

_ONLY_LOCAL_GRADS = '''            probe = slow_local(node, node.@CHILDREN@, index)'''


def mode_of(a: Any, b: Any) -> Optional[str]:
    """The mode of one input in the common cases, from calls A and B of the probe.

    ``"add"`` or ``"untouched"`` as ``probe.classify`` would say; ``"zero"``
    when ``a == b == 0`` was written (call C decides); ``None`` for anything
    else (the general ``probe_call`` decides).
    """
    if a is ZERO and b is ZERO:
        return "untouched"
    if type(a) is not float or type(b) is not float or a - a != 0.0:
        return None
    if a == 0.0:
        return "zero" if b == 0.0 else None
    if abs(b - 4.0 * a) <= TOLERANCE * abs(b):
        return "add"
    return None


def _indent(snippet: str) -> str:
    """``snippet`` moved right by one level (it goes inside the loop's ``try``)."""
    return "\n".join(("    " + line) if line.strip() else line for line in snippet.split("\n"))


def _source(shape: Shape, planned: bool = False) -> str:
    """The capture function's source for ``shape``, walking or ``planned``."""
    if shape.backward:
        probe = _PROBE.replace("@BACKWARD@", shape.backward)
        local = _LOCAL_GRADS if shape.local_grads else _NO_LOCAL_GRADS
        probe = probe.replace("@LOCAL_GRADS@", local)
    elif shape.local_grads:
        probe = _ONLY_LOCAL_GRADS
    else:
        probe = ""
    source = _TEMPLATE
    for marker, snippet in (_PLANNED if planned else _WALKED).items():
        source = source.replace(marker, snippet)
    source = (source
              .replace("@OP@", _indent(_OP if shape.op else _NO_OP))
              .replace("@LABEL@", _indent(_LABEL if shape.label else _NO_LABEL))
              .replace("@PROBE@", _indent(probe)))
    replacements = {
        "@CHILDREN@": shape.children, "@DATA@": shape.data, "@GRAD@": shape.grad,
        "@OP_NAME@": shape.op or "", "@LABEL_NAME@": shape.label or "",
        "@LOCAL_GRADS_NAME@": shape.local_grads or "",
    }
    for marker, name in replacements.items():
        if name and not name.isidentifier():
            raise Fallback
        source = source.replace(marker, name)
    return source


def _entries_text(entries: Any) -> str:
    if entries is None:
        return ""
    return ', "probe": [' + ", ".join([entry.to_json() for entry in entries]) + "]"


_compiled: Dict[Tuple[Optional[str], ...], Callable[..., Any]] = {}


def _compile(shape: Shape, planned: bool) -> Callable[..., Any]:
    """The capture function for ``shape``'s attribute names, compiled once per set of names
    and mode (walking the graph itself, or ``planned``)."""
    key = (shape.children, shape.data, shape.grad, shape.op, shape.label, shape.backward,
           shape.local_grads, "planned" if planned else "walked")
    cached = _compiled.get(key)
    if cached is not None:
        return cached
    grad_name = shape.grad
    local_name = shape.local_grads

    def slow(node: Any, pairs: List[Tuple[int, Any]], backward: Any) -> str:
        """The general probe of one node, as the JSON members the line needs."""
        kids = [(number, kid, grad_name) for number, kid in pairs]
        return _entries_text(probe_call(node, grad_name, backward, kids))

    def slow_local(node: Any, container: Any, index: Dict[int, int]) -> str:
        """The stored local derivatives of one node, as the JSON members the line needs."""
        members = [member for member in container if id(member) in index]
        return _entries_text(probe_local_grads(node, local_name or "", members, index))

    namespace: Dict[str, Any] = {
        "Fallback": Fallback, "number_text": number_text, "string_text": string_text,
        "op_text": op_text, "slow": slow, "slow_local": slow_local, "mode_of": mode_of,
        "ZERO": ZERO, "SENTINEL": SENTINEL, "LINE": LINE,
    }
    exec(compile(_source(shape, planned), f"<autograd_tui.fastpath {shape.cls.__qualname__}>",
                 "exec"), namespace)
    function: Callable[..., Any] = namespace["capture"]
    _compiled[key] = function
    return function


def capture_lines(root: Any, shape: Shape, names: Dict[int, str],
                  plan: Optional[Tuple[Any, ...]] = None
                  ) -> Tuple[List[str], Dict[int, int], List[Any]]:
    """Every node's JSON line, the numbering by ``id()``, and the nodes.

    Without ``plan`` the graph is walked here, in post-order. A ``plan``
    (see ``plan_of``) gives an already walked graph instead: its nodes in
    order, their inputs as numbers, their ``ordered`` flags, and per node the
    extra ``grad_before`` and ``file``/``line`` members (or ``None``). Raises
    ``Fallback`` (with every grad put back) when this is not the common case.
    """
    function = _compile(shape, plan is not None)
    limit = DEPTH_LIMIT
    saved_limit = sys.getrecursionlimit()
    if plan is None:
        depth = _stack_depth()
        if sys.version_info >= (3, 11):
            needed = depth + limit + 100
            if needed > saved_limit:
                sys.setrecursionlimit(needed)
        else:
            limit = min(limit, saved_limit - depth - 100)
            if limit < 50:
                raise Fallback
    try:
        return function(root, names, limit, plan)  # type: ignore[no-any-return]
    except (RecursionError, AttributeError, TypeError, ValueError):
        raise Fallback from None
    finally:
        if sys.getrecursionlimit() != saved_limit:
            sys.setrecursionlimit(saved_limit)


def _stack_depth() -> int:
    frame = sys._getframe()
    depth = 0
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    return depth
