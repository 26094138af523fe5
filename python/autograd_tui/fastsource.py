"""The text of the code ``fastpath`` generates: the templates of its capture function, and
``source_text``, which fills them in with one engine's attribute names.

Only attribute names from the fixed lists of ``shape`` (identifiers) are ever put into the
code, never text taken from the user's program.
"""

from __future__ import annotations

from typing import Optional

from .shape import Shape

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

# Planned: the nodes in order, handed to ``flush`` (when given) a block at a time.
_PLANNED_START = '''
    nodes, kids_of, flags, befores, wheres, index, flush = plan
    total = len(nodes)
    try:
        for start in range(0, total, BLOCK_LINES):
            for position in range(start, min(start + BLOCK_LINES, total)):
                node = nodes[position]
                members = kids_of[position]
                key = id(node)
@BODY@
            if flush is not None:
                flush(lines)
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


def _indent(snippet: str, levels: int) -> str:
    """``snippet`` moved right by ``levels`` levels of four spaces."""
    pad = "    " * levels
    return "\n".join((pad + line) if line.strip() else line
                     for line in snippet.strip("\n").split("\n"))


def source_text(shape: Shape, planned: bool = False) -> Optional[str]:
    """The capture function's source for ``shape``, walking or ``planned``; ``None`` where
    the fast path does not apply (probe entries that carry ``"from"``, which the general
    probe writes, or an attribute name that is no identifier)."""
    if shape.source:
        return None
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
    start = start.replace("@BODY@", _indent(body, 4 if planned else 2))
    source = _TEMPLATE.replace("@START@", start)
    replacements = {
        "@CHILDREN@": shape.children, "@DATA@": shape.data, "@GRAD@": shape.grad,
        "@OP_NAME@": shape.op or "", "@LABEL_NAME@": shape.label or "",
        "@LOCAL_GRADS_NAME@": shape.local_grads or "",
        "@NUMBERS@": "members" if planned else "None"}
    for marker, name in replacements.items():
        if name and not name.isidentifier():
            return None
        source = source.replace(marker, name)
    return source
