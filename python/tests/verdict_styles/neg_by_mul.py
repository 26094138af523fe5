"""x * -1 at x = 0.5, in a correct engine that stores no operation at all.

The engine has no ``_op`` attribute: a replay must find each operation from the data.
``n = -x`` is ``x * -1`` = -0.5, which is also ``x + (-1)`` = -0.5: the data alone cannot
tell ``*`` from ``+`` here, and the local derivatives differ (-1 for ``*``, 1 for ``+``).
The engine's ``_backward`` passes -1, which is right.

Hand derivation, L = n * w = (x * -1) * w = -x * w, at x = 0.5, w = 3.0:
    dL/dw = n = -0.5
    dL/dn = w = 3.0, dn/dx = -1, so dL/dx = -3.0
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"x": -3.0, "w": -0.5},
}


class Value:
    """A scalar with closures and ordered children, and no operation string."""

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

    def __neg__(self) -> "Value":
        return self * -1

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


x = Value(0.5)
w = Value(3.0)
n = -x          # x * -1 = -0.5, the same number as x + (-1)
L = n * w       # -1.5
L.backward()
print(f"L = {L.data}  x.grad = {x.grad}  w.grad = {w.grad}")
