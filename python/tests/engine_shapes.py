"""Small engines for the tests, each written from scratch in a shape of its own: slots, no
hash, no op string, stored local grads (microgpt's ``_local_grads``), a chain, operations as
subclasses. The bridge must read every one (``engines`` holds the lecture's engine and its
planted bugs).
"""

from __future__ import annotations

import math
from typing import Any, List

from orders import topological


class Slotted:
    """``__slots__`` (no ``__dict__``, no weak references), other attribute names:
    ``value``, ``gradient``, ``_inputs`` (a list), ``_operation``, ``name``."""

    __slots__ = ("value", "gradient", "_inputs", "_operation", "name", "_backward")

    def __init__(self, value: float, inputs: Any = (), operation: str = "",
                 name: str = "") -> None:
        self.value = value
        self.gradient = 0.0
        self._inputs = list(inputs)
        self._operation = operation
        self.name = name
        self._backward = lambda: None

    def __add__(self, other: "Slotted") -> "Slotted":
        out = Slotted(self.value + other.value, [self, other], "add")

        def _backward() -> None:
            self.gradient += out.gradient
            other.gradient += out.gradient
        out._backward = _backward
        return out

    def __mul__(self, other: "Slotted") -> "Slotted":
        out = Slotted(self.value * other.value, [self, other], "mul")

        def _backward() -> None:
            self.gradient += other.value * out.gradient
            other.gradient += self.value * out.gradient
        out._backward = _backward
        return out

    def backward(self) -> None:
        order = topological(self, lambda v: v._inputs)
        self.gradient = 1.0
        for v in reversed(order):
            v._backward()


class Unhashable:
    """Defines ``__eq__`` (so ``__hash__`` is ``None``): children in a list, ``op`` attribute,
    ``v`` for data, ``derivative`` for grad, ``parents`` for the inputs, ``_label``."""

    def __init__(self, v: float, parents: Any = (), op: Any = None, _label: Any = None) -> None:
        self.v = v
        self.derivative = 0.0
        self.parents = list(parents)
        self.op = op
        self._label = _label
        self._backward = lambda: None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unhashable) and self.v == other.v

    def __mul__(self, other: "Unhashable") -> "Unhashable":
        out = Unhashable(self.v * other.v, [self, other], "mul")

        def _backward() -> None:
            self.derivative += other.v * out.derivative
            other.derivative += self.v * out.derivative
        out._backward = _backward
        return out

    def __add__(self, other: "Unhashable") -> "Unhashable":
        out = Unhashable(self.v + other.v, [self, other], "add")

        def _backward() -> None:
            self.derivative += out.derivative
            other.derivative += out.derivative
        out._backward = _backward
        return out

    def backward(self) -> None:
        order = topological(self, lambda v: v.parents)
        self.derivative = 1.0
        for v in reversed(order):
            v._backward()


class NoOp:
    """No op attribute at all; ``output`` for data; ``children`` a tuple; no labels."""

    def __init__(self, output: float, children: tuple = ()) -> None:
        self.output = output
        self.grad = 0.0
        self.children = children
        self._backward = lambda: None

    def __add__(self, other: "NoOp") -> "NoOp":
        out = NoOp(self.output + other.output, (self, other))

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: "NoOp") -> "NoOp":
        out = NoOp(self.output * other.output, (self, other))

        def _backward() -> None:
            self.grad += other.output * out.grad
            other.grad += self.output * out.grad
        out._backward = _backward
        return out

    def backward(self) -> None:
        order = topological(self, lambda v: v.children)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


class LocalGrads:
    """Local derivatives stored on the node (``_local_grads``), no ``_backward``: the
    engine's own loop applies them. Children in ``_children``; iterative backward."""

    def __init__(self, data: float, children: tuple = (), local_grads: tuple = (),
                 op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._children = children
        self._local_grads = local_grads
        self._op = op

    def __add__(self, other: "LocalGrads") -> "LocalGrads":
        return LocalGrads(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other: "LocalGrads") -> "LocalGrads":
        return LocalGrads(self.data * other.data, (self, other), (other.data, self.data), "*")

    def log(self) -> "LocalGrads":
        return LocalGrads(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def backward(self) -> None:
        order = topological(self, lambda v: v._children)
        self.grad = 1.0
        for v in reversed(order):
            for child, local in zip(v._children, v._local_grads):
                child.grad += local * v.grad


class LocalGradsWrongCount(LocalGrads):
    """A ``*`` whose ``_local_grads`` has one value for two inputs."""

    def __mul__(self, other: "LocalGrads") -> "LocalGrads":
        return LocalGradsWrongCount(self.data * other.data, (self, other), (other.data,), "*")


class Chain:
    """A minimal engine whose ``backward`` is iterative, for chains deeper than the
    recursion limit. Set children (``_prev``), ``_op``."""

    def __init__(self, data: float, _children: tuple = (), _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._prev = set(_children)
        self._op = _op
        self._backward = lambda: None

    def __add__(self, other: Any) -> "Chain":
        other = other if isinstance(other, Chain) else Chain(other)
        out = Chain(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: Any) -> "Chain":
        other = other if isinstance(other, Chain) else Chain(other)
        out = Chain(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def backward(self) -> None:
        order = topological(self, lambda v: v._prev)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


class OpSubclasses:
    """The op is the class: ``Add``/``Mul`` subclasses with a ``_backward`` *method*."""

    def __init__(self, data: float, *inputs: "OpSubclasses") -> None:
        self.data = data
        self.grad = 0.0
        self._prev = tuple(inputs)
        self._op = ""

    def _backward(self) -> None:
        pass

    def __add__(self, other: "OpSubclasses") -> "OpSubclasses":
        return Add(self.data + other.data, self, other)

    def __mul__(self, other: "OpSubclasses") -> "OpSubclasses":
        return Mul(self.data * other.data, self, other)

    def backward(self) -> None:
        order = topological(self, lambda v: v._prev)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


class Add(OpSubclasses):
    def __init__(self, data: float, *inputs: OpSubclasses) -> None:
        super().__init__(data, *inputs)
        self._op = "+"

    def _backward(self) -> None:
        a, b = self._prev
        a.grad += self.grad
        b.grad += self.grad


class Mul(OpSubclasses):
    def __init__(self, data: float, *inputs: OpSubclasses) -> None:
        super().__init__(data, *inputs)
        self._op = "*"

    def _backward(self) -> None:
        a, b = self._prev
        a.grad += b.data * self.grad
        b.grad += a.data * self.grad
