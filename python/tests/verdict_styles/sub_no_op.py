"""e - b in a correct engine with no operation strings, where e + (-b) equals e * (-b).

``__sub__`` is ``self + (-other)`` and ``__neg__`` is ``other * -1``, as in micrograd, but
the engine keeps no ``_op``. At e = 2, b = -2: -b = 2 and d = e + (-b) = 4 = e * (-b).
From the data alone the ``+`` node could be a ``*``, whose locals (2, 2) differ from the
``+``'s (1, 1). The engine's ``_backward`` passes (1, 1), which is right.

Hand derivation, L = (e - b) * w at e = 2.0, b = -2.0, w = 3.0:
    d = e - b = 4.0, L = 12.0
    dL/dw = d = 4.0
    dL/dd = w = 3.0; dd/de = 1, dd/db = -1
    dL/de = 3.0, dL/db = -3.0
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"e": 3.0, "b": -3.0, "w": 4.0},
}


class Value:
    """A scalar with closures and a tuple of children; no operation is recorded."""

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

    def __sub__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return self + (-other)

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


e = Value(2.0)
b = Value(-2.0)
w = Value(3.0)
d = e - b       # e + (b * -1) = 2 + 2 = 4, the same number as 2 * 2
L = d * w       # 12
L.backward()
print(f"L = {L.data}  e.grad = {e.grad}  b.grad = {b.grad}  w.grad = {w.grad}")
