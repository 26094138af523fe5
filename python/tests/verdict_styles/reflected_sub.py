"""1 - x written as a primitive ``__rsub__`` that stores its children as ``(self, other)``.

The engine stores ``'-'`` and the children in the order ``(x, 1)``, which read as written
say ``x - 1``; the value it computes, ``1 - x``, is right. ``__rsub__`` takes its operands
the other way round, so autograd-tui must replay ``1 - x``, not accuse the forward value.

Hand derivation, L = (1 - x) * w at x = 0.25, w = 4.0:
    d = 1 - x = 0.75, L = 3.0
    dL/dw = d = 0.75
    dL/dd = w = 4.0; dd/dx = -1
    dL/dx = -4.0
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"x": -4.0, "w": 0.75},
}


class Value:
    """A scalar with closures, a tuple of children and an operation string."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (), _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._prev = _children
        self._op = _op

    def __mul__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __rsub__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(other.data - self.data, (self, other), "-")

        def _backward() -> None:
            self.grad += -1.0 * out.grad
            other.grad += 1.0 * out.grad
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


x = Value(0.25)
w = Value(4.0)
d = 1 - x       # 0.75
L = d * w       # 3.0
L.backward()
print(f"L = {L.data}  x.grad = {x.grad}  w.grad = {w.grad}")
