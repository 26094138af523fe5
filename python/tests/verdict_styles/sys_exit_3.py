"""A correct script that ends with ``sys.exit(3)``.

Scripts end with an exit status of their own (a CLI that returns 3 for "not converged",
a notebook export...). The backward() call before it is right: the verdict is ``none``.

Hand derivation, L = (x * w + b) * (x * w + b) at x = 1.5, w = -2.0, b = 4.0:
    n = x * w + b = 1.0, L = n * n = 1.0; dL/dn = 2n = 2.0
    dL/dx = w * 2 = -4.0, dL/dw = x * 2 = 3.0, dL/db = 2.0
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"x": -4.0, "w": 3.0, "b": 2.0},
}


class Value:
    """micrograd as the lecture writes it: closures, set children, an op string."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (),
                 _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._prev = set(_children)
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


x = Value(1.5)
w = Value(-2.0)
b = Value(4.0)
n = x * w + b   # 1.0
L = n * n       # 1.0
L.backward()
print(f"L = {L.data}  x.grad = {x.grad}  w.grad = {w.grad}  b.grad = {b.grad}")
sys.exit(3)
