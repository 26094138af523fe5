"""A microgpt-style engine with a ``gelu`` of its own (the tanh approximation), correct.

gelu(x) = 0.5 x (1 + tanh(c (x + 0.044715 x^3))), c = sqrt(2 / pi), is one node with one
child and a stored local derivative, as the engine's other operations are; there is no
operation string to say it is a gelu, and no relu anywhere. At a negative input gelu is
small and negative (gelu(-1.5) = -0.1004), which no relu gives.

Its derivative, with t = tanh(c (x + 0.044715 x^3)):
    gelu'(x) = 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 * 0.044715 x^2)

Hand derivation, L = gelu(x * w) * v + gelu(x * u) at x = 0.5, w = 1.2, u = -3.0, v = -2.0:
    z1 = 0.6, z2 = -1.5; gelu'(0.6) = 0.925491533332483, gelu'(-1.5) = -0.1277107931514331
    dL/dv = gelu(0.6) = 0.43541519923081473
    dL/dw = v * gelu'(z1) * x = -0.925491533332483
    dL/du = gelu'(z2) * x = -0.06385539657571655
    dL/dx = v * gelu'(z1) * w + gelu'(z2) * u = -1.8380473005436597
"""

from __future__ import annotations

import math
from typing import Any, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"x": -1.8380473005436597, "w": -0.925491533332483,
              "u": -0.06385539657571655, "v": 0.43541519923081473},
}

GELU_C = math.sqrt(2.0 / math.pi)


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

    def gelu(self) -> "Value":
        x = self.data
        t = math.tanh(GELU_C * (x + 0.044715 * x ** 3))
        local = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * x * x)
        return Value(0.5 * x * (1 + t), (self,), (local,))

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


x = Value(0.5)
w = Value(1.2)
u = Value(-3.0)
v = Value(-2.0)
h1 = (x * w).gelu()     # gelu(0.6) = 0.4354
h2 = (x * u).gelu()     # gelu(-1.5) = -0.1004
L = h1 * v + h2
L.backward()
print(f"L = {L.data}  x.grad = {x.grad}  w.grad = {w.grad}  u.grad = {u.grad}  v.grad = {v.grad}")
