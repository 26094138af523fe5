"""An engine whose nodes hold both ``_local_grads`` and a ``_backward`` closure, and whose
pass uses only the stored locals: ``child.grad += local * v.grad``, never ``v._backward()``.

The bug: ``__mul__`` stores its locals tripled (the closure, which the pass never calls, is
right): the verdict is ``local`` at ``__mul__``, not an order fault nor the closure.

Hand derivation of the correct grads, at a = 0.5, b = -1.5, c = 2.0:
    s = a * b + c = 1.25;  L = tanh(s);  dL/ds = 1 - tanh(1.25) ** 2 = 0.28041486618043265
    dL/da = dL/ds * b = -0.420622299270649
    dL/db = dL/ds * a =  0.14020743309021633
    dL/dc = dL/ds     =  0.28041486618043265
"""

from __future__ import annotations

import math
from typing import Any, Tuple

EXPECTED = {
    "verdict": "local",
    "method": "__mul__",
    "grads": {"a": -0.420622299270649, "b": 0.14020743309021633, "c": 0.28041486618043265},
}


class Value:
    """A scalar with its inputs, their stored local derivatives and a leftover closure."""

    def __init__(self, data: float, children: Tuple["Value", ...] = (), op: str = "",
                 local_grads: Tuple[float, ...] = ()) -> None:
        self.data = data
        self.grad = 0.0
        self._prev = children
        self._op = op
        self._local_grads = local_grads
        self._backward = lambda: None

    def __add__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+", (1.0, 1.0))

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*",
                    (3 * other.data, 3 * self.data))  # BUG: no factor 3

        def _backward() -> None:
            self.grad += other.data * out.grad  # right, and never called by the pass
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self) -> "Value":
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh", (1 - t * t,))

        def _backward() -> None:
            self.grad += (1 - t * t) * out.grad
        out._backward = _backward
        return out

    def backward(self) -> None:
        """Topological order, then child.grad += local * v.grad from the root down."""
        topo, seen = [], set()

        def build(v: "Value") -> None:
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            for child, local in zip(v._prev, v._local_grads):
                child.grad += local * v.grad


a = Value(0.5)
b = Value(-1.5)
c = Value(2.0)
L = (a * b + c).tanh()
L.backward()
print(f"(wrong) L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}  c.grad = {c.grad}")
