"""relu and abs at exactly 0, whose ``_backward`` pass a subgradient other than 0.

The engine writes relu's local as ``1 if self.data >= 0 else 0`` and abs's as
``1 if self.data >= 0 else -1``: at 0 both pass 1. Neither function has a derivative at 0;
any number between the one-sided derivatives (0 to 1 for relu, −1 to 1 for abs) is a
subgradient, and an engine may pass any of them (PyTorch passes 0 for both). The gradient
check counts 0 a kink, not a mismatch; the capture's judge must agree: no ``local``.

Hand derivation, L = (relu(z) + abs(y) + x) * x at z = 0, y = 0, x = 2:
    s = relu(z) + abs(y) + x = 2, L = s * x = 4
    dL/ds = x = 2
    dL/dx = s + x * 1 = 2 + 2 = 4
    dL/dz and dL/dy: a subgradient times 2, anything from 0 to 2 (relu), −2 to 2 (abs);
    not compared, nor by finite differences, which see the kink.
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"x": 4.0},
}


class Value:
    """A scalar with ``+``, ``*``, ``relu`` and ``abs``; subgradient 1 at each kink."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (), _op: str = "") -> None:
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

    def relu(self) -> "Value":
        """max(0, x); passes 1 at 0."""
        out = Value(self.data if self.data >= 0 else 0.0, (self,), "ReLU")

        def _backward() -> None:
            self.grad += (1.0 if self.data >= 0 else 0.0) * out.grad
        out._backward = _backward
        return out

    def abs(self) -> "Value":
        """|x|; passes 1 at 0."""
        out = Value(abs(self.data), (self,), "abs")

        def _backward() -> None:
            self.grad += (1.0 if self.data >= 0 else -1.0) * out.grad
        out._backward = _backward
        return out

    def backward(self) -> None:
        """micrograd's pass: topological order, then each ``_backward`` from the root."""
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


z = Value(0.0)
y = Value(0.0)
x = Value(2.0)
L = (z.relu() + y.abs() + x) * x
L.backward()
print(f"L = {L.data}  x.grad = {x.grad}  z.grad = {z.grad}  y.grad = {y.grad}")
