"""total ** -1 at total = 1.0, in a microgpt-style engine (local derivatives, no op string).

microgpt's ``softmax`` divides by ``total = sum(exps)``, and ``e / total`` is
``e * total ** -1``. Where the softmax has a single entry (the first position's attention)
total is exactly 1.0, and ``1.0 ** -1 = 1.0`` is also relu(1.0), 1.0 ** k for every k, and
so on: the data cannot name the operation. The stored local, -1 * 1.0 ** -2 = -1, is right.

Hand derivation, L = e / (a + b) at e = 3.0, a = 0.25, b = 0.75:
    total = 1.0, inv = total ** -1 = 1.0, L = e * inv = 3.0
    dL/de = inv = 1.0
    dL/dinv = e = 3.0; dinv/dtotal = -1 * total ** -2 = -1; dL/dtotal = -3.0
    dL/da = dL/db = -3.0
"""

from __future__ import annotations

from typing import Any, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"e": 1.0, "a": -3.0, "b": -3.0},
}


class Value:
    """A scalar that stores, at creation, its local derivative to each child."""

    __slots__ = ("data", "grad", "_children", "_local_grads")

    def __init__(self, data: float, children: Tuple["Value", ...] = (),
                 local_grads: Tuple[float, ...] = ()) -> None:
        self.data = data
        self.grad = 0
        self._children = children
        self._local_grads = local_grads

    def __add__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1, 1))

    def __mul__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, k: float) -> "Value":
        return Value(self.data ** k, (self,), (k * self.data ** (k - 1),))

    def __truediv__(self, other: Any) -> "Value":
        return self * other ** -1

    def backward(self) -> None:
        """Topological order, then child.grad += local * v.grad from the root down."""
        topo, visited = [], set()

        def build(v: "Value") -> None:
            if v not in visited:
                visited.add(v)
                for child in v._children:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1
        for v in reversed(topo):
            for child, local in zip(v._children, v._local_grads):
                child.grad += local * v.grad


e = Value(3.0)
a = Value(0.25)
b = Value(0.75)
total = a + b       # 1.0
L = e / total       # e * total ** -1 = 3.0
L.backward()
print(f"L = {L.data}  e.grad = {e.grad}  a.grad = {a.grad}  b.grad = {b.grad}")
