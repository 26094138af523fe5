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

The generated code's text is ``fastsource``'s; it only ever contains attribute
names from the fixed lists in ``shape`` (identifiers), never text taken from the
user's program.
"""

from __future__ import annotations

import sys
from itertools import repeat
from typing import Any, Callable, Dict, List, Optional, Tuple

from .fastsource import LEAF, LINE1, LINE2, PROBE1, PROBE2, source_text
from .jsonnum import number_text, string_text
from .nodetext import BLOCK_LINES, LINE, op_text
from .probe import SENTINEL, TOLERANCE, ZERO, ProbeEntry, local_grads_text, probe_call
from .shape import Shape

DEPTH_LIMIT = 50_000 if sys.version_info >= (3, 11) else 2_000
MARGIN = 1_000  # frames left to the engine's own code below the deepest node (3.11+)
used = 0  # captures this module walked itself (for the tests)
used_plan = 0  # captures of a graph walked by ``walk`` (for the tests)


class Fallback(Exception):
    """The fast path cannot capture this graph; use the general one."""


# The members of one probe entry after "child", "local" and "mode": one input, two inputs.
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
    step_name = shape.backward
    local_name = shape.local_grads

    def slow(node: Any, pairs: List[Tuple[int, Any]], backward: Any) -> str:
        """The general probe of one node, as the JSON members the line needs."""
        kids = [(number, kid, grad_name) for number, kid in pairs]
        return _entries_text(probe_call(node, grad_name, backward, kids, step=step_name))

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
        "LINE": LINE, "LEAF": LEAF, "BLOCK_LINES": BLOCK_LINES,
        "LINE1": LINE1, "LINE2": LINE2, "PROBE1": PROBE1, "PROBE2": PROBE2,
    }
    source = source_text(shape, planned)
    if source is None:
        raise Fallback
    exec(compile(source, f"<autograd_tui.fastpath {shape.cls.__qualname__}>", "exec"),
         namespace)
    function: Callable[..., Any] = namespace["capture"]
    _compiled[key] = function
    return function


def capture_lines(root: Any, shape: Shape, names: Dict[int, str],
                  plan: Optional[Tuple[Any, ...]] = None
                  ) -> Tuple[List[str], Dict[int, int], List[Any]]:
    """Every node's JSON line (but those handed to the plan's ``flush``), the numbering by
    ``id()``, and the nodes.

    Without ``plan`` the graph is walked here, in post-order. A ``plan``
    (see ``capture._fast_lines``) gives an already walked graph instead: its
    nodes in order, their inputs as numbers, their ``ordered`` flags, per
    node the extra ``grad_before`` and ``file``/``line`` members (or
    ``None``), the numbering by ``id()``, and a function that takes the lines
    written so far every ``BLOCK_LINES`` nodes (emptying the list), or ``None``.
    Raises ``Fallback`` (with every grad put back) when this is not the common
    case.
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
