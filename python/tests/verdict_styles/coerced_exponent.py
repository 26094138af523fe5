"""f ** 2 at a negative base, where the engine turns the 2 into a node of the graph.

``__pow__`` coerces its exponent like any other operand (``Value(2)``), so the power node
has two children, the base and an unlabelled constant leaf 2. Its ``_backward`` gives
the exponent no gradient: d(f ** p)/dp = f ** p * log f does not exist at f = -3, and
nothing in the script needs it. That is right: the 2 is a constant, and a constant's
gradient is no part of the verdict.

Hand derivation, L = (a + b) ** 2 * w at a = -2.0, b = -1.0, w = 0.5:
    f = a + b = -3.0, g = f ** 2 = 9.0, L = 4.5
    dL/dw = g = 9.0
    dL/dg = w = 0.5; dg/df = 2 * f = -6; dL/df = -3.0
    dL/da = dL/db = -3.0
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"a": -3.0, "b": -3.0, "w": 9.0},
}


class Value:
    """micrograd whose ``__pow__`` takes a Value exponent (and wraps a number in one)."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (),
                 _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._prev = _children
        self._op = _op

    def __add__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data ** other.data, (self, other), "**")

        def _backward() -> None:
            p = other.data
            self.grad += p * self.data ** (p - 1) * out.grad
            # the exponent is a constant here: no gradient for it (log of a negative base)
        out._backward = _backward
        return out

    def backward(self) -> None:
        """Topological order, seed 1, every ``_backward`` from the root down."""
        topo, visited = [], set()

        def build(v: "Value") -> None:
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


a = Value(-2.0)
b = Value(-1.0)
w = Value(0.5)
f = a + b       # -3.0
g = f ** 2      # 9.0: the 2 becomes Value(2), a second child
L = g * w       # 4.5
L.backward()
print(f"L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}  w.grad = {w.grad}")
