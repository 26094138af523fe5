"""A relu at a negative input, in a correct engine with no tanh and no operation strings.

The engine has ``+``, ``*`` and ``relu`` only, and keeps no ``_op``: a replay has to find
each operation from the data, and must not reach for an operation (tanh, ...) that this
engine does not have. relu(-2.5) = 0 passes 0 to its input, which is right, so nothing
below the relu gets any gradient through it.

Hand derivation, L = relu(x * w + b) + w at x = -1.5, w = 2.0, b = 0.5:
    n = x * w + b = -2.5, r = relu(n) = 0, L = r + w = 2.0
    dL/dr = 1, dr/dn = 0 (n < 0): dL/dn = 0
    dL/dx = w * 0 = 0, dL/db = 0
    dL/dw = x * 0 + 1 = 1.0
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"x": 0.0, "w": 1.0, "b": 0.0},
}


class Value:
    """A scalar with ``+``, ``*`` and ``relu``; closures, tuple children, no op string."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = ()) -> None:
        self.data = data
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._prev = _children

    def __add__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def relu(self) -> "Value":
        out = Value(self.data if self.data > 0 else 0.0, (self,))

        def _backward() -> None:
            self.grad += (out.data > 0) * out.grad
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


x = Value(-1.5)
w = Value(2.0)
b = Value(0.5)
n = x * w + b   # -2.5
r = n.relu()    # 0: a dead relu
L = r + w       # 2.0
L.backward()
print(f"L = {L.data}  x.grad = {x.grad}  w.grad = {w.grad}  b.grad = {b.grad}")
