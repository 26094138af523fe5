"""A fast capture for the common case: one node class, no creation log, a shallow graph.

The general path (``walk``, ``probe``, ``capture``) handles every engine but
costs several passes over the graph with ``getattr`` and ``setattr`` on
attribute names held in variables. This one does the same work with the
engine's attribute names compiled into the code (``node.data``,
``node.grad = 1.0``). Walking the graph itself, it is one recursive
post-order pass that reads, probes and writes each node as soon as its inputs
are done, while the node is still in the processor's cache: on a graph of 10^5
nodes the work is bound by memory, and every extra pass over the nodes costs
about a tenth of micrograd's whole ``backward()``. The output is identical to
the general path's (the tests compare them).

Numbers are the other large cost (a shortest round-trip ``repr`` of a float
takes about as long as a ``_backward`` call), so texts are reused where the
value is provably the same: equal non-zero finite floats have the same bits,
hence the same ``repr``. A local derivative equal to ``1.0`` or to the other
input's data (``+`` and ``*``) reuses that text; a grad equal to the previous
non-zero grad reuses its text.

It gives up, by raising ``Fallback`` with every grad put back, whenever the
case is not the common one: a node of another class (or a non-node among the
inputs), a cycle, a graph deeper than ``DEPTH_LIMIT`` (or than the recursion
limit allows on Python < 3.11, where deep recursion could overflow the C
stack), or a ``RecursionError`` in the engine's code while probing (which the
general path, probing from a shallow stack, may not meet). Any probe outcome
other than a clean ``add`` or ``untouched`` is handed to the general
``probe_call``.

The generated code only ever contains attribute names from the fixed lists in
``shape`` (identifiers), never text taken from the user's program.
"""

from __future__ import annotations

import sys
from itertools import repeat
from typing import Any, Callable, Dict, List, Optional, Tuple

from .nodetext import LINE, op_text
from .jsonnum import number_text, string_text
from .probe import SENTINEL, TOLERANCE, ZERO, ProbeEntry, local_grads_text, probe_call
from .shape import Shape

DEPTH_LIMIT = 50_000 if sys.version_info >= (3, 11) else 2_000
MARGIN = 1_000  # frames left to the engine's own code below the deepest node (3.11+)
used = 0  # captures this module walked itself (for the tests)
used_plan = 0  # captures of a graph walked by ``walk`` (for the tests)


class Fallback(Exception):
    """The fast path cannot capture this graph; use the general one."""


# The members of one probe entry after "child", "local" and "mode": one input, two inputs.
_ENTRY = '{"child": %d, "local": %s, "mode": "%s"}'
PROBE1 = ', "probe": [' + _ENTRY + ']'
PROBE2 = ', "probe": [' + _ENTRY + ', ' + _ENTRY + ']'
_HEAD = '{"id": %d, "op": %s, "label": %s, "data": %s, "grad": %s'
# Whole lines of a walked graph (no grad_before, file or line): a leaf, and a node whose
# one or two inputs were probed cleanly. Each is LINE with those members filled in.
LEAF = _HEAD + ', "children": [], "ordered": true}'
LINE1 = _HEAD + ', "children": [%d], "ordered": %s' + PROBE1 + '}'
LINE2 = _HEAD + ', "children": [%d, %d], "ordered": %s' + PROBE2 + '}'

_TEMPLATE = '''
def capture(root, names, limit, plan):
    index = {}
    lines = []
    append = lines.append
    saved = []
    save = saved.append
    texts = []
    put_text = texts.append
    values = []
    put_value = values.append
    opcache = {}
    unordered = (set, frozenset, dict)
    main_class = type(root)
    named = bool(names)
    lookup = names.get
    last_grad = None
    last_text = None
@START@
    return lines, index, nodes
'''

# Walking: a recursive post-order visit that writes each node when its inputs are done and
# returns its number. ``index`` (id -> number) doubles as the set of finished nodes: in a
# graph without a cycle no node is met again before it is finished; a cycle recurses
# until ``limit``. One look-up per input both tells whether to visit it and numbers it.
_VISIT_INPUT = '''
@P@ = index.get(id(@INPUT@))
if @P@ is None:
    if type(@INPUT@) is not main_class or depth >= limit:
        raise Fallback
    @P@ = visit(@INPUT@, depth + 1)'''

_WALKED_START = '''
    nodes = []
    keep = nodes.append

    def visit(node, depth):
        nonlocal last_grad, last_text
        members = node.@CHILDREN@
        count = len(members)
        if count == 2:
            first, second = members
@VISIT_FIRST@
@VISIT_SECOND@
        elif count == 1:
            first, = members
@VISIT_FIRST@
        elif count:
            listed = list(members)
            numbers = []
            for member in listed:
@VISIT_MEMBER@
                numbers.append(p)
        key = id(node)
@BODY@
        return position

    try:
        visit(root, 0)
    except RecursionError:
        raise Fallback from None
    finally:
        restore(nodes, saved)'''

_PLANNED_START = '''
    nodes, kids_of, flags, befores, wheres, known = plan
    index.update(known)
    try:
        for position, node in enumerate(nodes):
            members = kids_of[position]
            key = id(node)
@BODY@
    finally:
        restore(nodes, saved)'''

# One node: its grad is saved before anything can change it, then data, grad, op, label.
_READ = '''
grad = node.@GRAD@
position = len(saved)
save(grad)
@NUMBER@
data = node.@DATA@
if type(data) is float and data - data == 0.0:
    data_text = repr(data)
else:
    data_text = number_text(data)
put_text(data_text)
put_value(data)
if type(grad) is float:
    if grad == last_grad:
        grad_text = last_text
    elif grad - grad == 0.0:
        grad_text = repr(grad)
        if grad:
            last_grad = grad
            last_text = grad_text
    else:
        grad_text = number_text(grad)
else:
    grad_text = number_text(grad)
@OP@
@LABEL@'''

_NUMBER_WALKED = '''keep(node)
index[key] = position'''

_OP = '''op = node.@OP_NAME@
if type(op) is str:
    op_json = opcache.get(op)
    if op_json is None:
        op_json = opcache[op] = op_text(op)
    op = op_json
else:
    op = op_text(op)'''

_NO_OP = '''op = "null"'''

_LABEL = '''label = getattr(node, "@LABEL_NAME@", None)
if label is None or label == "":
    label = lookup(key) if named else None
elif type(label) is not str:
    label = str(label)
label = "null" if label is None else string_text(label)'''

_NO_LABEL = '''if named:
    label = lookup(key)
    label = "null" if label is None else string_text(label)
else:
    label = "null"'''

# The inputs: ``kids`` (JSON), ``ordered``, and the distinct inputs for the probe.
_WALKED_KIDS = '''
if not count:
    append(LEAF % (position, op, label, data_text, grad_text))
else:
    ordered = "false" if type(members) in unordered else "true"
@PROBE@'''

_PLANNED_KIDS = '''
before = "" if befores is None else befores[position]
where = "" if wheres is None else wheres[position]
ordered = "true" if flags[position] else "false"
if not members:
    append(LINE % (position, op, label, data_text, grad_text, before, "[]", ordered, where,
                   ""))
else:
    count = len(members)
    if count == 2:
        p1, p2 = members
        if p1 >= position or p2 >= position:
            raise Fallback
        first = nodes[p1]
        second = nodes[p2]
        kids = "[%d, %d]" % (p1, p2)
    elif count == 1:
        p1, = members
        if p1 >= position:
            raise Fallback
        first = nodes[p1]
        kids = "[%d]" % p1
    else:
        numbers = members
        if max(numbers) >= position:
            raise Fallback
        listed = [nodes[n] for n in numbers]
        kids = "[" + ", ".join([str(n) for n in numbers]) + "]"
@PROBE@'''

# Probing through ``_backward``: calls A and B inline (see ``probe``), C when a zero was
# written; anything but add/untouched goes to the general ``probe_call``. ``probe`` ends
# as the JSON of the entries, or None when no line has been written yet.
_PROBE = '''
try:
    function = node.@BACKWARD@
except AttributeError:
    function = None
if function is not None:
    probe = None
    if count == 2 and first is not second:
        m1 = m2 = None
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
                    and a1 - a1 == 0.0 and (b1 == 4.0 * a1 or abs(b1 - 4.0 * a1) <= TOLERANCE * abs(b1))):
                m1 = "add"
            else:
                m1 = mode_of(a1, b1)
            if (type(a2) is float and a2 and type(b2) is float
                    and a2 - a2 == 0.0 and (b2 == 4.0 * a2 or abs(b2 - 4.0 * a2) <= TOLERANCE * abs(b2))):
                m2 = "add"
            else:
                m2 = mode_of(a2, b2)
            if m1 is not None and m2 is not None and (m1 == "zero" or m2 == "zero"):
                node.@GRAD@ = 1.0
                first.@GRAD@ = SENTINEL
                second.@GRAD@ = SENTINEL
                function()
                if m1 == "zero":
                    m1 = "add" if first.@GRAD@ == SENTINEL else None
                if m2 == "zero":
                    m2 = "add" if second.@GRAD@ == SENTINEL else None
        except RecursionError:
            raise Fallback from None
        except Exception:
            m1 = None
        if m1 is not None and m2 is not None:
            if a1 == 1.0:
                t1 = "1.0"
            else:
                other = values[p2]
                t1 = texts[p2] if type(other) is float and a1 and a1 == other else repr(a1)
            if a2 == 1.0:
                t2 = "1.0"
            else:
                other = values[p1]
                t2 = texts[p1] if type(other) is float and a2 and a2 == other else repr(a2)
@EMIT2@
        else:
            probe = slow(node, [(p1, first), (p2, second)], function)
    elif count <= 2:
        m1 = None
        try:
            node.@GRAD@ = 1.0
            first.@GRAD@ = ZERO
            function()
            a1 = first.@GRAD@
            node.@GRAD@ = 3.0
            function()
            b1 = first.@GRAD@
            if (type(a1) is float and a1 and type(b1) is float
                    and a1 - a1 == 0.0 and (b1 == 4.0 * a1 or abs(b1 - 4.0 * a1) <= TOLERANCE * abs(b1))):
                m1 = "add"
            else:
                m1 = mode_of(a1, b1)
            if m1 == "zero":
                node.@GRAD@ = 1.0
                first.@GRAD@ = SENTINEL
                function()
                m1 = "add" if first.@GRAD@ == SENTINEL else None
        except RecursionError:
            raise Fallback from None
        except Exception:
            m1 = None
        if m1 is not None:
            t1 = "1.0" if a1 == 1.0 else repr(a1)
@EMIT1@
        else:
            probe = slow(node, [(p1, first)], function)
    else:
        pairs = []
        taken = set()
        for n, member in zip(numbers, listed):
            if n not in taken:
                taken.add(n)
                pairs.append((n, member))
        probe = slow(node, pairs, function)
@LOCAL_GRADS@
else:
    probe = ""
if probe is not None:
@EMIT@'''

_NO_PROBE = '''
probe = ""
if probe is not None:
@EMIT@'''

_LOCAL_GRADS = '''elif hasattr(node, "@LOCAL_GRADS_NAME@"):
    probe = slow_local(node, node.@CHILDREN@, index, @NUMBERS@)'''

_ONLY_LOCAL_GRADS = '''
probe = slow_local(node, node.@CHILDREN@, index, @NUMBERS@)
if probe is not None:
@EMIT@'''

_KIDS_TEXT = '''kids = ("[%d, %d]" % (p1, p2) if count == 2 else "[%d]" % p1 if count == 1
        else "[" + ", ".join([str(n) for n in numbers]) + "]")'''

_WALKED_EMIT = {
    "@EMIT2@": '''append(LINE2 % (position, op, label, data_text, grad_text, p1, p2, ordered,
                      p1, t1, m1, p2, t2, m2))''',
    "@EMIT1@": '''if count == 1:
    append(LINE1 % (position, op, label, data_text, grad_text, p1, ordered, p1, t1, m1))
else:
    append(LINE % (position, op, label, data_text, grad_text, "", "[%d, %d]" % (p1, p2),
                   ordered, "", PROBE1 % (p1, t1, m1)))''',
    "@EMIT@": _KIDS_TEXT + '''
append(LINE % (position, op, label, data_text, grad_text, "", kids, ordered, "", probe))''',
}

_PLANNED_EMIT = {
    "@EMIT2@": '''probe = PROBE2 % (p1, t1, m1, p2, t2, m2)''',
    "@EMIT1@": '''probe = PROBE1 % (p1, t1, m1)''',
    "@EMIT@": '''append(LINE % (position, op, label, data_text, grad_text, before, kids, ordered,
               where, probe))''',
}


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


def restore(nodes: List[Any], grads: List[Any], name: str) -> None:
    """Put back each node's grad (the very object), as far as ``grads`` goes."""
    try:
        list(map(setattr, nodes, repeat(name), grads))
    except Exception:
        for node, grad in zip(nodes, grads):
            try:
                setattr(node, name, grad)
            except Exception:
                pass


def _indent(snippet: str, levels: int) -> str:
    """``snippet`` moved right by ``levels`` levels of four spaces."""
    pad = "    " * levels
    return "\n".join((pad + line) if line.strip() else line
                     for line in snippet.strip("\n").split("\n"))


def _source(shape: Shape, planned: bool = False) -> str:
    """The capture function's source for ``shape``, walking or ``planned``."""
    if shape.source:
        raise Fallback  # probe entries that carry "from": the general probe writes them
    if shape.backward:
        probe = _PROBE.replace("@BACKWARD@", shape.backward)
        local = _LOCAL_GRADS if shape.local_grads else ""
        probe = probe.replace("@LOCAL_GRADS@", local)
    elif shape.local_grads:
        probe = _ONLY_LOCAL_GRADS
    else:
        probe = _NO_PROBE
    emit = _PLANNED_EMIT if planned else _WALKED_EMIT
    for marker, snippet in emit.items():
        depth = 1 if marker == "@EMIT@" else 3
        probe = probe.replace(marker, _indent(snippet, depth))
    kids = (_PLANNED_KIDS if planned else _WALKED_KIDS).replace("@PROBE@", _indent(probe, 1))
    read = (_READ.replace("@NUMBER@", "" if planned else _NUMBER_WALKED)
            .replace("@OP@", _OP if shape.op else _NO_OP)
            .replace("@LABEL@", _LABEL if shape.label else _NO_LABEL))
    body = _indent(read, 0) + "\n" + _indent(kids, 0)
    start = _PLANNED_START if planned else _WALKED_START
    for marker, name, where, depth in (("@VISIT_FIRST@", "p1", "first", 3),
                                       ("@VISIT_SECOND@", "p2", "second", 3),
                                       ("@VISIT_MEMBER@", "p", "member", 4)):
        visit = _VISIT_INPUT.replace("@P@", name).replace("@INPUT@", where)
        start = start.replace(marker, _indent(visit, depth))
    start = start.replace("@BODY@", _indent(body, 3 if planned else 2))
    source = _TEMPLATE.replace("@START@", start)
    replacements = {
        "@CHILDREN@": shape.children, "@DATA@": shape.data, "@GRAD@": shape.grad,
        "@OP_NAME@": shape.op or "", "@LABEL_NAME@": shape.label or "",
        "@LOCAL_GRADS_NAME@": shape.local_grads or "",
        "@NUMBERS@": "members" if planned else "None"}
    for marker, name in replacements.items():
        if name and not name.isidentifier():
            raise Fallback
        source = source.replace(marker, name)
    return source


def _entries_text(entries: Optional[List[ProbeEntry]]) -> str:
    if entries is None:
        return ""
    for entry in entries:
        if entry.message is not None and entry.message.startswith("RecursionError"):
            raise Fallback  # maybe met only because this path probes deep in its recursion
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

    def slow_local(node: Any, container: Any, index: Dict[int, int], numbers: Any) -> str:
        """One node's stored local derivatives as JSON (``numbers``: its inputs, planned)."""
        if numbers is not None and type(container) in (tuple, list):
            text = local_grads_text(node, local_name or "", None, None, numbers)
            return text if text is not None else slow_local(node, container, index, None)
        members = [member for member in container if id(member) in index]
        return local_grads_text(node, local_name or "", members, index) or ""

    def put_back(nodes: List[Any], grads: List[Any]) -> None:
        restore(nodes, grads, grad_name)
    namespace: Dict[str, Any] = {
        "Fallback": Fallback, "number_text": number_text, "string_text": string_text,
        "op_text": op_text, "slow": slow, "slow_local": slow_local, "mode_of": mode_of,
        "restore": put_back, "ZERO": ZERO, "SENTINEL": SENTINEL, "TOLERANCE": TOLERANCE,
        "LINE": LINE, "LEAF": LEAF,
        "LINE1": LINE1, "LINE2": LINE2, "PROBE1": PROBE1, "PROBE2": PROBE2,
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
    (see ``capture._fast_lines``) gives an already walked graph instead: its
    nodes in order, their inputs as numbers, their ``ordered`` flags, and per
    node the extra ``grad_before`` and ``file``/``line`` members (or
    ``None``). Raises ``Fallback`` (with every grad put back) when this is not
    the common case.
    """
    function = _compile(shape, plan is not None)
    limit = DEPTH_LIMIT
    saved_limit = sys.getrecursionlimit()
    if plan is None:
        depth = _stack_depth()
        if sys.version_info >= (3, 11):
            needed = depth + limit + MARGIN
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
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1  # type: ignore[assignment]
    return depth
