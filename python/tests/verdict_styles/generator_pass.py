"""A small engine whose ``backward()`` is a generator: each step ends with ``yield v``.

The engine: ``_prev`` a set, ``_op`` a string, ``_backward`` closures; ``backward()`` seeds
the root, then for each node of the reversed topological order calls ``v._backward()`` and
yields ``v``. Calling it runs nothing: the pass runs as the script iterates the generator
(``for _ in L.backward(): pass``). Every step is right.

Hand derivation of the correct grads, at a = 0.5, b = -1.5:
    s = a * b + a = -0.25;  L = tanh(s) = -0.24491866240370913
    dL/ds = 1 - L ** 2 = 0.940014848806378
    dL/da = dL/ds * (b + 1) = -0.470007424403189
    dL/db = dL/ds * a       =  0.470007424403189
"""

from __future__ import annotations

import math
from typing import Any, Iterator, Set

EXPECTED = {
    "verdict": "none",
    "grads": {"a": -0.470007424403189, "b": 0.470007424403189},
}


class Value:
    """A scalar with a grad, its inputs and the closure that pushes its grad to them."""

    def __init__(self, data: float, _children: Any = (), _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
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

    def tanh(self) -> "Value":
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward() -> None:
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def _walk(self, seen: Set["Value"]) -> Iterator["Value"]:
        if self not in seen:
            seen.add(self)
            for child in self._prev:
                yield from child._walk(seen)
            yield self

    def backward(self) -> Iterator["Value"]:
        """Seed the root, then fire each step from the root down, yielding each node."""
        self.grad = 1.0
        for v in reversed(list(self._walk(set()))):
            v._backward()
            yield v


a = Value(0.5)
b = Value(-1.5)
L = (a * b + a).tanh()
for _ in L.backward():
    pass
print(f"L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}")
