"""A recursive "push" engine whose product passes ``other`` its own data: a wrong local.

The engine of ``push_recursive.py`` with one bug: ``__mul__``'s step passes
``g * other.data`` to ``other`` where ``g * self.data`` belongs. Probed one step at a time
(the inputs' own steps held back), the product's wrong local is found and nothing else is
blamed. The grads below are the correct ones (the engine gets them wrong).

The correct engine's description follows.

``backward(g)`` adds ``g`` to the node's grad and calls its step with ``g``; each step calls
its inputs' ``backward`` with the upstream times the local derivative. No topological sort:
a node with two users (``c`` below: ``d`` and ``m`` use it; ``a``: ``c`` and ``d``) is
reached once per path, each time with that path's share, and the shares add up to its
gradient. Every grad is right. Its steps fire more than once (once per path), which is no
fault here: a step passes the ``g`` it is given, never the node's accumulated grad.

What the probe must not do (the stranger's finding 2): call ``m``'s step alone and credit
``c`` with what reached it through ``d`` too (``-0.7``, where ``m``'s local for ``c`` is
``d = -0.1``).

Hand derivation, L = tanh(m), m = d * c, d = c + a, c = a * b at a = 0.5, b = -1.2:
    c = -0.6, d = -0.1, m = 0.06, L = tanh(0.06); k = dL/dm = 1 - tanh(0.06)² = 0.99640862
    dL/dc = k (d + c) = -0.7 k          (through m directly, and through d)
    dL/da = k c + dL/dc · b = k (-0.6 + 0.84) = 0.24 k = 0.23913806937777604
    dL/db = dL/dc · a = -0.35 k = -0.34874301784259004
"""

from __future__ import annotations

import math
from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "local",
    "method": "__mul__",
    "message_contains": ["passes -0.6000 to c", "d = -0.1000"],
    "grads": {"a": 0.23913806937777604, "b": -0.34874301784259004},
}


class Value:
    """Push-style: the step of a node takes the upstream grad and calls its inputs."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (),
                 _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._prev = tuple(_children)
        self._op = _op
        self._grad_fn: Callable[[float], Any] = lambda g: None

    def __add__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")
        out._grad_fn = lambda g: (self.backward(g), other.backward(g))
        return out

    def __mul__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")
        out._grad_fn = lambda g: (self.backward(g * other.data),
                                  other.backward(g * other.data))  # BUG: self.data
        return out

    def tanh(self) -> "Value":
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")
        out._grad_fn = lambda g: self.backward(g * (1 - t * t))
        return out

    def backward(self, g: float = 1.0) -> None:
        """Take this path's share, then pass it on."""
        self.grad += g
        self._grad_fn(g)


a = Value(0.5)
b = Value(-1.2)
c = a * b
d = c + a
m = d * c
L = m.tanh()
L.backward()
print(f"L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}")
