"""A correct engine fed ``decimal.Decimal`` data: values autograd-tui cannot compute with.

The capture writes a Decimal as its ``repr`` (it is no double); the replay cannot compute
``a * b`` from it, and must not turn it into NaN and call the engine's value wrong. Those
nodes are not judged, and the report says why.

Hand derivation (exact, in decimals), d = a * b + c * a + 1 at a = 1.5, b = 3, c = -7:
    d = 4.5 - 10.5 + 1 = -5.0
    dd/da = b + c = -4, dd/db = a = 1.5, dd/dc = a = 1.5
None of these is compared: the trace has no number to compare them with.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, List, Set, Tuple

EXPECTED = {
    "verdict": "none",
    "finite_differences": False,
    "not_judged": {"values": 7},
    "grads": {},
}


class Value:
    """A scalar with ``+`` and ``*``, whatever numbers it holds."""

    def __init__(self, data: Any, _children: Tuple["Value", ...] = (), _op: str = "") -> None:
        self.data = data
        self.grad: Any = 0
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
        """micrograd's pass: topological order, then each ``_backward`` from the root."""
        topo: List[Value] = []
        visited: Set[int] = set()

        def build(v: "Value") -> None:
            if id(v) not in visited:
                visited.add(id(v))
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1
        for v in reversed(topo):
            v._backward()


a = Value(Decimal("1.5"))
b = Value(Decimal(3))
c = Value(Decimal(-7))
L = a * b + c * a + 1
L.backward()
print(f"L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}  c.grad = {c.grad}")
