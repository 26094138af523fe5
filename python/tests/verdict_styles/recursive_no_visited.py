"""A recursive backward() with no visited set: a node with two users fires twice.

``backward()`` seeds the root, then each node runs its ``_backward`` and recurses into its
children, with no record of who already ran. ``c`` has two users, ``d`` and ``L``, so it
is reached twice and its ``_backward`` runs twice, passing c.grad (already whole, 5)
down to a and b both times: a and b get twice their gradient.

The firing order: L (step 1), d (step 2), c (step 3, reached through d), c again (step 4,
reached through L). The diagnosis that is true: c's _backward ran twice (steps 3 and 4).
Every local derivative is right.

Hand derivation, L = c * k + c with c = a * b, at a = 2.0, b = 3.0, k = 4.0:
    c = 6, d = c * k = 24, L = 30
    dL/dc = k + 1 = 5; dL/dk = c = 6.0
    dL/da = b * 5 = 15.0, dL/db = a * 5 = 10.0   (the engine gives 30 and 20)
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "order",
    "message_contains": ["c", "twice"],
    "grads": {"a": 15.0, "b": 10.0, "k": 6.0},
}


class Value:
    """micrograd with tuple children and a backward() that recurses without a visited set."""

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

    def _propagate(self) -> None:
        self._backward()
        for child in self._prev:     # BUG: no visited set, no topological order
            child._propagate()

    def backward(self) -> None:
        """Seed 1, then fire from the root down, depth first."""
        self.grad = 1.0
        self._propagate()


a = Value(2.0)
b = Value(3.0)
k = Value(4.0)
c = a * b       # 6
d = c * k       # 24
L = d + c       # 30: c has two users, d and L
L.backward()
print(f"L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}  k.grad = {k.grad}")
