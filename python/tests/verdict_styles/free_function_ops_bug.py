"""An engine written as free functions, whose ``mul`` passes ``a`` its own data: a wrong local.

The engine of ``free_function_ops.py`` with one bug in ``mul``'s ``_backward``:
``a.grad += a.data * out.grad`` where ``b.data`` belongs. Found at ``mul``, and at the
node ``mul(s, a)`` first (the engine fires it first). The grads below are the correct ones.

The correct engine's description follows.

The class holds micrograd's attributes (``data``, ``grad``, ``_prev``, ``_backward``) and
nothing else; each operation is a module-level function that makes the output and its
``_backward``, and the pass is a free ``backward(root)``. No dunder says "engine", so the
bridge must know the class by what its ``__init__`` sets, and each operation by its
calling the constructor with inputs: a node's line is the line that called ``mul``, not
the line inside ``mul``. Every grad is right.

(The stranger's finding 4: "the script finished without calling backward()".)

Hand derivation, L = sig(a * b + c) * a at a = 0.5, b = -1.5, c = 2.0:
    n = a b + c = 1.25, s = 1 / (1 + e^-n) = 0.7772998611746911
    dL/dn = a s (1 - s) = 0.08655239349624853
    dL/da = s + dL/dn · b = 0.6474712709303183
    dL/db = dL/dn · a = 0.04327619674812427, dL/dc = dL/dn = 0.08655239349624853
"""

from __future__ import annotations

import math
from typing import Callable, List, Sequence

EXPECTED = {
    "verdict": "local",
    "method": "mul",
    "message_contains": ["mul's _backward", "line 100"],
    "grads": {"a": 0.6474712709303183, "b": 0.04327619674812427, "c": 0.08655239349624853},
}


class Value:
    """The data, the grad, the inputs and the step; no operators."""

    def __init__(self, data: float, _prev: Sequence["Value"] = ()) -> None:
        self.data = data
        self.grad = 0.0
        self._prev: List["Value"] = list(_prev)
        self._backward: Callable[[], None] = lambda: None


def add(a: Value, b: Value) -> Value:
    out = Value(a.data + b.data, (a, b))

    def _backward() -> None:
        a.grad += out.grad
        b.grad += out.grad
    out._backward = _backward
    return out


def mul(a: Value, b: Value) -> Value:
    out = Value(a.data * b.data, (a, b))

    def _backward() -> None:
        a.grad += a.data * out.grad  # BUG: b.data
        b.grad += a.data * out.grad
    out._backward = _backward
    return out


def sig(a: Value) -> Value:
    s = 1 / (1 + math.exp(-a.data))
    out = Value(s, (a,))

    def _backward() -> None:
        a.grad += s * (1 - s) * out.grad
    out._backward = _backward
    return out


def backward(root: Value) -> None:
    """Topological order, seed 1, every ``_backward`` from the root down."""
    order: List[Value] = []
    seen = set()

    def visit(node: Value) -> None:
        if id(node) not in seen:
            seen.add(id(node))
            for child in node._prev:
                visit(child)
            order.append(node)
    visit(root)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


a = Value(0.5)
b = Value(-1.5)
c = Value(2.0)
n = add(mul(a, b), c)
s = sig(n)
L = mul(s, a)
backward(L)
print(f"L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}  c.grad = {c.grad}")
