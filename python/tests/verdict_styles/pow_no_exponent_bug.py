"""x ** k where ``__pow__`` stores the op ``'**'`` without the exponent, and a wrong local.

Every other operation has its usual string (``'+'``, ``'*'``); the power node says ``'**'``
and has one child, so the exponent is not in the string and has to come from the data
(9 = 3 ** 2, 0.577... = 3 ** -0.5). The bug: ``_backward`` passes ``k * x ** k``, the
exponent not lowered by one (18 for x ** 2 at 3, where the local is 6).

Hand derivation of the correct grads, L = x ** 2 * w + x ** -0.5 at x = 3.0, w = 0.5:
    y = x ** 2 = 9, s = x ** -0.5 = 0.5773502691896258, L = 4.5 + s
    dL/dw = y = 9.0
    dL/dx = 2 * x * w + (-0.5) * x ** -1.5 = 3.0 - 0.0962250448649376 = 2.9037749551350625
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "local",
    "method": "__pow__",
    "grads": {"x": 2.9037749551350625, "w": 9.0},
}


class Value:
    """A micrograd-style scalar whose power node is labelled ``'**'`` alone."""

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

    def __pow__(self, k: float) -> "Value":
        out = Value(self.data ** k, (self,), "**")

        def _backward() -> None:
            self.grad += k * self.data ** k * out.grad  # BUG: k * x ** (k - 1)
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


x = Value(3.0)
w = Value(0.5)
y = x ** 2          # 9, op '**'
s = x ** -0.5       # 0.5773502691896258, op '**'
L = y * w + s       # 5.077350269189626
L.backward()
print(f"(wrong) L = {L.data}  x.grad = {x.grad}  w.grad = {w.grad}")
