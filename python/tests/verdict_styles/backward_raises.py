"""A tanh whose ``_backward`` computes ``1 - out**2`` with ``out`` the Value, not its data.

``out ** 2`` is a Value, and the engine has no ``__rsub__``: ``1 - out ** 2`` raises
``TypeError: unsupported operand type(s) for -: 'int' and 'Value'`` inside ``_backward``.
The learner's backward() raises as soon as it reaches the tanh, after the node above it
has fired; the script stops there with the traceback (nothing catches it). The verdict is
``error``, at tanh.

Hand derivation of the correct grads, L = tanh(x * w) * c at x = 0.8, w = -1.25, c = 2.0:
    n = x * w = -1.0, t = tanh(n) = -0.7615941559557649, L = 2t
    dL/dc = t = -0.7615941559557649
    dL/dn = c * (1 - t ** 2) = 0.8399486832280523
    dL/dx = w * dL/dn = -1.0499358540350654, dL/dw = x * dL/dn = 0.6719589465824418
"""

from __future__ import annotations

import math
from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "error",
    "method": "tanh",
    "grads": {"x": -1.0499358540350654, "w": 0.6719589465824418,
              "c": -0.7615941559557649},
}


class Value:
    """micrograd with ``tanh``; no reflected operators (no ``__rsub__``, ``__radd__``)."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (),
                 _op: str = "") -> None:
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

    def __pow__(self, k: float) -> "Value":
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward() -> None:
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def tanh(self) -> "Value":
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward() -> None:
            self.grad += (1 - out ** 2) * out.grad  # BUG: out.data; raises TypeError
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


x = Value(0.8)
w = Value(-1.25)
c = Value(2.0)
n = x * w       # -1.0
t = n.tanh()    # -0.7616
L = t * c       # -1.5232
L.backward()    # raises TypeError in tanh's _backward
print(f"L = {L.data}  x.grad = {x.grad}")
