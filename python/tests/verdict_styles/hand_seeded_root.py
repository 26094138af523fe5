"""The lecture's neuron: ``o.grad = 1.0`` set by hand, then ``o.backward()``.

In the micrograd lecture the root's grad is first set by hand, before backward() exists;
learners keep the line when they add backward(), which seeds the root again. When
backward() is called the root's grad is therefore already 1.0, and every other grad is
0: that is a hand seed, not a grad left over from an earlier pass. The engine is right.

Hand derivation, o = tanh(x1 * w1 + x2 * w2 + b) at x1 = 2, x2 = 0, w1 = -3, w2 = 1,
b = 6.8813735870195432 (the lecture's numbers):
    n = -6 + 0 + b = 0.8813735870195432 = atanh(1 / sqrt 2), o = 1 / sqrt 2 = 0.7071...
    do/dn = 1 - o ** 2 = 0.5
    dL/dx1 = w1 * 0.5 = -1.5, dL/dw1 = x1 * 0.5 = 1.0
    dL/dx2 = w2 * 0.5 = 0.5,  dL/dw2 = x2 * 0.5 = 0.0
    dL/db = 0.5
"""

from __future__ import annotations

import math
from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0, "b": 0.5},
    "root": "o",
}


class Value:
    """micrograd as the lecture writes it, with a label and ``tanh``."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (), _op: str = "",
                 label: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._prev = set(_children)
        self._op = _op
        self.label = label

    def __add__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad
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

    def tanh(self) -> "Value":
        x = self.data
        t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
        out = Value(t, (self,), "tanh")

        def _backward() -> None:
            self.grad += (1 - t ** 2) * out.grad
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
        for node in reversed(topo):
            node._backward()


x1 = Value(2.0, label="x1")
x2 = Value(0.0, label="x2")
w1 = Value(-3.0, label="w1")
w2 = Value(1.0, label="w2")
b = Value(6.8813735870195432, label="b")
x1w1 = x1 * w1; x1w1.label = "x1*w1"  # noqa: E702 (the lecture's style)
x2w2 = x2 * w2; x2w2.label = "x2*w2"  # noqa: E702
x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = "x1*w1 + x2*w2"  # noqa: E702
n = x1w1x2w2 + b; n.label = "n"  # noqa: E702
o = n.tanh(); o.label = "o"  # noqa: E702

o.grad = 1.0    # the lecture's hand seed, kept when backward() came
o.backward()
print(f"o = {o.data:.4f}  x1.grad = {x1.grad:.4f}  w1.grad = {w1.grad:.4f}  "
      f"x2.grad = {x2.grad:.4f}  w2.grad = {w2.grad:.4f}")
