"""0 * 0: two leaves at 0 multiplied, in a correct engine that stores local derivatives.

The engine is microgpt-style: ``__slots__``, ``_children`` and ``_local_grads`` tuples, no
operation string, no ``_backward``. ``c = a * b`` at a = b = 0 gives 0, which is also
``a + b``: from the data the node could be a ``+``, whose locals (1, 1) differ from the
``*``'s (b, a) = (0, 0). The engine stores (0, 0), which is right.

Hand derivation, L = (a * b + w) * w at a = 0, b = 0, w = 3:
    c = a * b = 0, d = c + w = 3, L = d * w = 9
    dL/dd = w = 3; dL/dc = 3
    dL/da = b * 3 = 0, dL/db = a * 3 = 0
    dL/dw = d + w * (dd/dw) = 3 + 3 * 1 = 6
"""

from __future__ import annotations

from typing import Any, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"a": 0.0, "b": 0.0, "w": 6.0},
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


a = Value(0.0)
b = Value(0.0)
w = Value(3.0)
c = a * b       # 0, the same number as 0 + 0
d = c + w       # 3
L = d * w       # 9
L.backward()
print(f"L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}  w.grad = {w.grad}")
