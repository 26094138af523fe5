"""A small microgpt-style engine whose ``log`` stores a wrong local derivative.

The engine: ``__slots__``, ``_children`` and ``_local_grads`` tuples, no operation string,
no ``_backward``; ``log``, ``exp``, ``relu``, ``__pow__`` with a number, ``__truediv__`` as
``self * other ** -1``, ``__neg__`` as ``self * -1``, ``__sub__`` through neg, ``__radd__``
so that ``sum()`` can start from 0. ``backward()`` sorts the graph, then for each node
``child.grad += local * v.grad``.

The bug: ``log`` stores ``self.data`` as its local, where d/dx log x = 1 / x
(0.2345 passed where 4.2642 belongs, at p_0 = 0.2345).

Hand derivation of the correct grads, at u = 1.5, w0 = 0.2, w1 = -0.4, w2 = 0.9, the target class 0:
    h = relu(u) = 1.5; z_i = w_i * h = (0.3, -0.6, 1.35)
    p = softmax(z) (shifted by max z = 1.35, which changes nothing)
      = (0.2345094337528739, 0.0953444206868665, 0.6701461455602596)
    L = -log p_0 = 1.4502594626816336
    dL/dz_i = p_i - [i == 0] = (-0.7654905662471261, 0.0953444206868665, 0.6701461455602596)
    dL/dw_i = (p_i - [i == 0]) * h
            = (-1.148235849370689, 0.14301663103029974, 1.0052192183403894)
    dL/du = sum_i (p_i - [i == 0]) * w_i * relu'(1.5) = 0.41189564948006185
"""

from __future__ import annotations

import math
from typing import Any, List, Tuple

EXPECTED = {
    "verdict": "local",
    "method": "log",
    "grads": {"u": 0.41189564948006185, "w0": -1.148235849370689,
              "w1": 0.14301663103029974, "w2": 1.0052192183403894},
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

    def log(self) -> "Value":
        return Value(math.log(self.data), (self,), (self.data,))  # BUG: 1 / self.data

    def exp(self) -> "Value":
        return Value(math.exp(self.data), (self,), (math.exp(self.data),))

    def relu(self) -> "Value":
        return Value(max(0, self.data), (self,), (float(self.data > 0),))

    def __neg__(self) -> "Value":
        return self * -1

    def __radd__(self, other: Any) -> "Value":
        return self + other

    def __sub__(self, other: Any) -> "Value":
        return self + (-other)

    def __rmul__(self, other: Any) -> "Value":
        return self * other

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


def softmax(logits: List[Value]) -> List[Value]:
    """exp of each logit less the largest, over their sum (a sum() from 0)."""
    largest = max(z.data for z in logits)
    exps = [(z - largest).exp() for z in logits]
    total = sum(exps)
    return [e / total for e in exps]


u = Value(1.5)
w0 = Value(0.2)
w1 = Value(-0.4)
w2 = Value(0.9)
h = u.relu()
logits = [w0 * h, w1 * h, w2 * h]
probs = softmax(logits)
L = -probs[0].log()
L.backward()
print(f"(wrong) L = {L.data}  u.grad = {u.grad}")
print(f"w0.grad = {w0.grad}  w1.grad = {w1.grad}  w2.grad = {w2.grad}")
