"""Small micrograd-style engines for the tests: every shape the bridge must read, and one
planted bug per probe mode and verdict.

``Good`` is a correct engine with ordered (tuple) children and a label, written the way
the micrograd lecture writes it. The planted-bug engines subclass it and override one
operation. The shape engines, each written from scratch in its own style, are in
``engine_shapes``.
"""

from __future__ import annotations

import math
from typing import Any, List


class Good:
    """A correct engine: tuple children, ``_op``, ``label``, ``_backward`` closures."""

    def __init__(self, data: float, _children: tuple = (), _op: str = "",
                 label: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def _wrap(self, other: Any) -> "Good":
        return other if isinstance(other, Good) else type(self)(other)

    def __add__(self, other: Any) -> "Good":
        other = self._wrap(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    __radd__ = __add__

    def __mul__(self, other: Any) -> "Good":
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    __rmul__ = __mul__

    def __pow__(self, k: float) -> "Good":
        out = type(self)(self.data ** k, (self,), f"**{k}")

        def _backward() -> None:
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def __neg__(self) -> "Good":
        return self * -1

    def __sub__(self, other: Any) -> "Good":
        return self + (-self._wrap(other))

    def tanh(self) -> "Good":
        t = math.tanh(self.data)
        out = type(self)(t, (self,), "tanh")

        def _backward() -> None:
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self) -> "Good":
        out = type(self)(max(0.0, self.data), (self,), "ReLU")

        def _backward() -> None:
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def exp(self) -> "Good":
        out = type(self)(math.exp(self.data), (self,), "exp")

        def _backward() -> None:
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def backward(self) -> None:
        topo: List[Good] = []
        visited = set()

        def build(v: Good) -> None:
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()

    def __repr__(self) -> str:
        return f"Good(data={self.data}, grad={self.grad})"


# ---------------------------------------------------------------- planted bugs

class AssignAdd(Good):
    """``+`` overwrites its inputs' grads (``=`` where ``+=`` belongs)."""

    def __add__(self, other: Any) -> "Good":
        other = self._wrap(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad = out.grad
            other.grad = out.grad
        out._backward = _backward
        return out

    __radd__ = __add__


class IgnoresUpstreamMul(Good):
    """``*`` passes its local derivative without the chain-rule factor ``out.grad``."""

    def __mul__(self, other: Any) -> "Good":
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data
            other.grad += self.data
        out._backward = _backward
        return out

    __rmul__ = __mul__


class UntouchedTanh(Good):
    """``tanh`` forgot to set ``_backward``: the default no-op runs."""

    def tanh(self) -> "Good":
        return type(self)(math.tanh(self.data), (self,), "tanh")


class ErrorExp(Good):
    """``exp``'s ``_backward`` raises (a typo: ``out.dta``)."""

    def exp(self) -> "Good":
        out = type(self)(math.exp(self.data), (self,), "exp")

        def _backward() -> None:
            self.grad += out.dta * out.grad  # type: ignore[attr-defined]
        out._backward = _backward
        return out


class WrongLocalTanh(Good):
    """``tanh`` passes ``t`` where the local derivative is ``1 - t**2``."""

    def tanh(self) -> "Good":
        t = math.tanh(self.data)
        out = type(self)(t, (self,), "tanh")

        def _backward() -> None:
            self.grad += t * out.grad
        out._backward = _backward
        return out


class Recursive(Good):
    """``backward`` recurses into the inputs with no topological order: a node shared by
    two users fires as soon as the first of them has fired, before the other adds to it."""

    def backward(self) -> None:  # type: ignore[override]
        self.grad = 1.0
        self._propagate()

    def _propagate(self) -> None:
        self._backward()
        for child in self._prev:
            child._propagate()  # type: ignore[attr-defined]


class AssignZeroRelu(Good):
    """``relu`` overwrites with ``local * out.grad``, which is 0 for a negative input."""

    def relu(self) -> "Good":
        out = type(self)(max(0.0, self.data), (self,), "ReLU")

        def _backward() -> None:
            self.grad = (out.data > 0) * out.grad
        out._backward = _backward
        return out


class SquaredUpstreamMul(Good):
    """``*`` uses ``out.grad ** 2``: it accumulates, but not in proportion to the upstream."""

    def __mul__(self, other: Any) -> "Good":
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad ** 2
            other.grad += self.data * out.grad ** 2
        out._backward = _backward
        return out

    __rmul__ = __mul__


class ValueInGrad(Good):
    """``+`` puts the output node itself into its inputs' grads (``+= out``)."""

    def __add__(self, other: Any) -> "Good":
        other = self._wrap(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad = out
            other.grad = out
        out._backward = _backward
        return out

    __radd__ = __add__
