"""A ``@dataclass`` Value: no hand-written ``__init__`` (the decorator generates it after the
class statement has run), fields ``data``, ``grad``, ``_prev``, ``_op``, ``_backward``.

The bug: ``*``'s step passes ``self.data`` to ``self`` (its own data, not the other's):
a local of 0.5000 where b = -1.5000 belongs.

Hand derivation of the correct grads, at a = 0.5, b = -1.5:
    s = a * b + a = -0.25;  L = tanh(s) = -0.24491866240370913
    dL/ds = 1 - L ** 2 = 0.940014848806378
    dL/da = dL/ds * (b + 1) = -0.470007424403189
    dL/db = dL/ds * a       =  0.470007424403189
"""

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "local",
    "method": "__mul__",
    "grads": {"a": -0.470007424403189, "b": 0.470007424403189},
}


@dataclass(eq=False)
class Value:
    """A scalar with a grad, its inputs and the closure that pushes its grad to them."""

    data: float
    grad: float = 0.0
    _prev: Tuple["Value", ...] = ()
    _op: str = ""
    _backward: Callable[[], None] = field(default=lambda: None, repr=False)

    def __add__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, _prev=(self, other), _op="+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, _prev=(self, other), _op="*")

        def _backward() -> None:
            self.grad += self.data * out.grad  # BUG: other.data
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self) -> "Value":
        t = math.tanh(self.data)
        out = Value(t, _prev=(self,), _op="tanh")

        def _backward() -> None:
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def backward(self) -> None:
        """Topological order, then each ``_backward`` from the root down."""
        topo, seen = [], set()

        def build(v: "Value") -> None:
            if id(v) not in seen:
                seen.add(id(v))
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


a = Value(0.5)
b = Value(-1.5)
L = (a * b + a).tanh()
L.backward()
print(f"(wrong) L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}")
