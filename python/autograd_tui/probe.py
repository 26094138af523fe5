"""What each node's ``_backward``, called alone, does to each of its inputs.

For a node with ``_backward``, the probe makes two calls, and a third only
when the first two leave the answer open:

- call A: the node's grad ``u = 1``; every input's grad ``ZERO``, a float 0
  object of the probe's own; afterwards the input's grad is ``a``, which is
  ``local`` exactly for a correct ``+=`` (``0 + local × 1``, no rounding);
- call B: the node's grad ``u = 3``, the inputs' grads left as call A left
  them; afterwards ``b``;
- call C, only when ``a == b == 0`` with something written, or when ``b``
  fits none of the patterns below: ``u = 1``, every input's grad the
  sentinel ``σ = 0.75``; afterwards ``c``.

The mode of each input, with ``local = a``:

- ``untouched``: the grad still holds the very ``ZERO`` object after both
  calls: ``_backward`` never wrote it;
- ``add``: ``b == 4a`` (``a + 3a``: accumulates and scales with the upstream);
  or ``a == b == 0``, written, and ``c == σ`` (a ``+=`` of a zero local, as
  ReLU at a negative input does);
- ``assign``: ``b == 3a`` (overwrote: ``= local × u``), or ``b == a``
  (overwrote with a value that ignores the upstream too), or ``a == b == 0``
  and ``c == 0`` (overwrote with zero), or, after call C, any change that
  depended on the old grad other than by adding to it;
- ``ignores-upstream``: ``b == 2a`` (``a + a``: added the same amount whatever
  the upstream grad), or, after call C, added an amount (``c - σ == a``) that
  does not scale linearly with the upstream grad;
- ``error``: a call raised (``message`` holds the exception), or left
  something that is not a number in the grad.

When ``a`` is not 0 the four patterns are distinct. Values are compared with
a relative tolerance of 1e-9; NaN equals NaN.

A node that stores its local derivatives (``_local_grads``, aligned with its
inputs as the engine holds them) instead of a ``_backward`` closure is probed
by reading them: ``local`` is the stored value (summed over the positions of
an input that appears twice), ``mode`` is ``add`` (the engine's own loop
applies them; it cannot be called for one node alone), and the entry says
``"from": "_local_grads"``.

A per-node step that takes the upstream grad as its one argument
(``_grad_fn(grad)``, rather than reading ``out.grad``) is given it: each call
sets the node's grad to ``u`` and passes ``u``. A step whose entries carry
a ``source`` (DeZero's ``Function.backward(gy)``, see ``dezero``) says so in
``"from"``.

Afterwards every grad is put back: each node of the graph gets back the very
object its grad held before probing.
"""

from __future__ import annotations

import types
from typing import Any, Dict, List, Optional, Tuple

from .held import PUSHES, HeldSteps
from .jsonnum import as_float, float_text, safe_repr, string_text
from .shape import Shapes, read_children
from .walk import Graph

TOLERANCE = 1e-9
SENTINEL = 0.75
ZERO = float("0")  # the probe's own object: "still this object" means "never written"
_MISSING = object()


class ProbeEntry:
    """What a node's ``_backward`` did to one input."""

    __slots__ = ("child", "local", "mode", "message", "source")

    def __init__(self, child: int, local: Any, mode: str, message: Optional[str] = None,
                 source: Optional[str] = None) -> None:
        self.child = child
        self.local = local
        self.mode = mode
        self.message = message
        self.source = source

    def to_json(self) -> str:
        """This entry as JSON text."""
        parts = ['{"child": %d' % self.child]
        if self.local is not None:
            if type(self.local) is float:
                parts.append('"local": ' + float_text(self.local))
            else:
                parts.append('"local": {"repr": ' + string_text(safe_repr(self.local)) + "}")
        parts.append('"mode": "' + self.mode + '"')
        if self.message is not None:
            parts.append('"message": ' + string_text(self.message))
        if self.source is not None:
            parts.append('"from": ' + string_text(self.source))
        return ", ".join(parts) + "}"

    def __repr__(self) -> str:
        return (f"ProbeEntry(child={self.child}, local={self.local!r}, mode={self.mode!r}, "
                f"message={self.message!r}, source={self.source!r})")


def _close(x: float, y: float) -> bool:
    """Equal within the relative tolerance; NaN equals NaN, infinities equal themselves."""
    if x == y:
        return True
    if x != x or y != y:
        return x != x and y != y
    return abs(x - y) <= TOLERANCE * max(abs(x), abs(y))


def error_text(error: BaseException) -> str:
    """``Type: text`` of an exception (just ``Type`` when it has no text)."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def classify(a: float, b: float, c: Optional[float], written: bool = True) -> Optional[str]:
    """The mode of one input from calls A, B (and C); ``None`` when call C is needed.

    ``written`` is false when the input's grad still held ``ZERO`` after call B.
    """
    if not written:
        return "untouched"
    if a == 0.0 and b == 0.0:
        if c is None:
            return None
        if _close(c, SENTINEL):
            return "add"
        if c == 0.0:
            return "assign"
        return "ignores-upstream" if _close(c - SENTINEL, a) else "assign"
    if _close(b, 4.0 * a):
        return "add"
    if _close(b, 3.0 * a):
        return "assign"
    if _close(b, 2.0 * a):
        return "ignores-upstream"
    if _close(b, a):
        return "assign"
    if c is None:
        return None
    if _close(c - SENTINEL, a) or _close(c, SENTINEL + a):
        return "ignores-upstream"
    return "assign"


def _not_a_number(value: Any) -> str:
    if value is _MISSING:
        return "_backward removed the input's grad attribute"
    return f"_backward left {safe_repr(value)} in the input's grad, not a number"


_takes: Dict[Any, bool] = {}


def takes_upstream(function: Any) -> bool:
    """Whether the step ``function`` needs one argument (the upstream grad) to be called."""
    for _ in range(8):
        inner = getattr(function, "__wrapped__", None)
        if inner is None:
            break
        function = inner
    bound = isinstance(function, types.MethodType)
    plain = function.__func__ if bound else function
    code = getattr(plain, "__code__", None)
    if not isinstance(code, types.CodeType):
        return False
    key = (code, bound)
    known = _takes.get(key)
    if known is None:
        defaults = getattr(plain, "__defaults__", None) or ()
        known = code.co_argcount - bound - len(defaults) == 1
        _takes[key] = known
    return known


def _call(node: Any, grad_name: str, function: Any, kids: List[Tuple[int, Any, str]],
          upstream: float, start: Any, give: bool = False) -> List[Any]:
    """Set the node's grad (and the inputs' to ``start`` unless it is ``_MISSING``), call
    ``_backward`` (with ``upstream`` when ``give``), return the inputs' grads. Raises what
    ``_backward`` raises."""
    setattr(node, grad_name, upstream)
    if start is not _MISSING:
        for _, kid, name in kids:
            setattr(kid, name, start)
    if give:
        function(upstream)
    else:
        function()
    return [getattr(kid, name, _MISSING) for _, kid, name in kids]


def probe_call(node: Any, grad_name: str, function: Any,
               kids: List[Tuple[int, Any, str]],
               source: Optional[str] = None,
               step: Optional[str] = None) -> Optional[List[ProbeEntry]]:
    """Probe one ``_backward`` (see the module docstring); ``None`` if grads cannot be set.

    ``kids`` holds, per distinct input, its number, the input and its grad's name;
    ``source`` goes into every entry's ``"from"``. ``step``, the name of the inputs' own
    step (``_backward``), lets the probe isolate one step of a recursive "push" engine
    (each step calls its inputs' ``backward(g)``, which runs their steps in turn): the
    inputs' steps are held back (``HeldSteps``) while the node's runs, so what reaches an
    input is this node's share alone, not its whole subtree's. Whether a class's steps call
    their inputs' is learned on its first probe; the steps of a class whose do not are no
    longer held.
    """
    kind = type(node)
    held = None
    if step and source is None and kids and PUSHES.get(kind) is not False:
        held = HeldSteps(kids, step)
        if not held.hold():
            held = None
    try:
        entries = _probe_call(node, grad_name, function, kids, source)
    finally:
        if held is not None:
            held.release()
    if held is not None:
        if held.called:
            PUSHES[kind] = True
        elif entries is not None and all(entry.mode != "error" for entry in entries):
            PUSHES.setdefault(kind, False)
    return entries


def _probe_call(node: Any, grad_name: str, function: Any,
                kids: List[Tuple[int, Any, str]],
                source: Optional[str]) -> Optional[List[ProbeEntry]]:
    """``probe_call`` with nothing held back."""
    give = takes_upstream(function)
    try:
        setattr(node, grad_name, 1.0)
        for _, kid, name in kids:
            setattr(kid, name, ZERO)
    except Exception:
        return None
    try:
        first = _call(node, grad_name, function, kids, 1.0, _MISSING, give)
    except Exception as error:
        return [ProbeEntry(number, None, "error", error_text(error), source)
                for number, _, _ in kids]
    try:
        second = _call(node, grad_name, function, kids, 3.0, _MISSING, give)
    except Exception as error:
        message = "on a second call: " + error_text(error)
        return [ProbeEntry(number, None, "error", message, source) for number, _, _ in kids]
    a_values = [as_float(value) if value is not _MISSING else None for value in first]
    b_values = [as_float(value) if value is not _MISSING else None for value in second]
    written = [x is not ZERO or y is not ZERO for x, y in zip(first, second)]
    modes = [classify(a, b, None, w) if a is not None and b is not None else ""
             for a, b, w in zip(a_values, b_values, written)]
    c_values: List[Optional[float]] = [None] * len(kids)
    if None in modes:
        try:
            third = _call(node, grad_name, function, kids, 1.0, SENTINEL, give)
            c_values = [as_float(value) if value is not _MISSING else None for value in third]
        except Exception:
            pass
    entries = []
    for place, (number, _, _) in enumerate(kids):
        a, b, mode = a_values[place], b_values[place], modes[place]
        if a is None:
            entries.append(ProbeEntry(number, None, "error", _not_a_number(first[place]),
                                      source))
        elif b is None:
            entries.append(ProbeEntry(number, None, "error", _not_a_number(second[place]),
                                      source))
        else:
            if mode is None:
                c = c_values[place]
                mode = (classify(a, b, c) if c is not None else None) or "assign"
            entries.append(ProbeEntry(number, a, mode, None, source))
    return entries


def probe_local_grads(node: Any, attribute: str, members: List[Any],
                      index: Dict[int, int]) -> List[ProbeEntry]:
    """Read a node's stored local derivatives (see the module docstring)."""
    try:
        stored = list(getattr(node, attribute))
    except Exception as error:
        return [ProbeEntry(index[id(m)], None, "error", error_text(error)) for m in members]
    if len(stored) != len(members):
        message = f"{attribute} holds {len(stored)} values for {len(members)} inputs"
        seen: Dict[int, None] = {}
        for member in members:
            seen.setdefault(index[id(member)], None)
        return [ProbeEntry(number, None, "error", message) for number in seen]
    totals: Dict[int, Any] = {}
    for member, local in zip(members, stored):
        number = index[id(member)]
        value = as_float(local)
        local_value: Any = value if value is not None else local
        if number in totals:
            previous = totals[number]
            if type(previous) is float and type(local_value) is float:
                totals[number] = previous + local_value
            elif type(previous) is float:
                totals[number] = local_value
        else:
            totals[number] = local_value
    return [ProbeEntry(number, local, "add", None, attribute) for number, local in totals.items()]


def probe_graph(graph: Graph, shapes: Shapes) -> List[Optional[List[ProbeEntry]]]:
    """Probe every node of ``graph`` that has inputs; restore every grad afterwards."""
    nodes = graph.nodes
    node_shapes = graph.shapes
    saved = [getattr(node, shape.grad, _MISSING) for node, shape in zip(nodes, node_shapes)]
    results: List[Optional[List[ProbeEntry]]] = [None] * len(nodes)
    try:
        for number, node in enumerate(nodes):
            kids = graph.children[number]
            if not kids:
                continue
            shape = node_shapes[number]
            function = getattr(node, shape.backward, None) if shape.backward else None
            if callable(function):
                distinct = [kid for kid in dict.fromkeys(kids) if kid != number]
                triples = [(kid, nodes[kid], node_shapes[kid].grad) for kid in distinct]
                results[number] = probe_call(node, shape.grad, function, triples,
                                             shape.source, shape.backward)
            elif shape.local_grads:
                members, _ = read_children(node, shape, shapes)
                results[number] = probe_local_grads(node, shape.local_grads, members,
                                                    graph.index)
    finally:
        for node, shape, value in zip(nodes, node_shapes, saved):
            if value is _MISSING:
                continue
            try:
                setattr(node, shape.grad, value)
            except Exception:
                pass
    return results


_LOCAL_ENTRY = '{"child": %d, "local": %s, "mode": "add", "from": %s}'


def local_grads_text(node: Any, attribute: str, members: Optional[List[Any]],
                     index: Optional[Dict[int, int]], numbers: Optional[List[int]] = None
                     ) -> Optional[str]:
    """``, "probe": [...]``: ``probe_local_grads``'s entries as JSON, written directly in the
    common case (as many finite numbers stored as there are distinct inputs). ``numbers``,
    when given, are the inputs' numbers in the order the node holds them (else ``members``
    are numbered by ``index``); ``None`` when the case is not the common one and
    ``members`` or ``index`` was not given."""
    try:
        stored = getattr(node, attribute)
        if numbers is None:
            numbers = [index[id(member)] for member in members]  # type: ignore
        if len(stored) == len(numbers) and len(set(numbers)) == len(numbers):
            source = string_text(attribute)
            parts = []
            for number, local in zip(numbers, stored):
                kind = type(local)
                if kind is float and local - local == 0.0:
                    text = repr(local)
                elif kind is int:
                    text = repr(float(local))
                else:
                    break
                parts.append(_LOCAL_ENTRY % (number, text, source))
            else:
                return ', "probe": [' + ", ".join(parts) + "]"
    except Exception:
        pass
    if members is None or index is None:
        return None
    entries = probe_local_grads(node, attribute, members, index)
    return ', "probe": [' + ", ".join([entry.to_json() for entry in entries]) + "]"
