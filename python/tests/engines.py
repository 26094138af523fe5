"""Small micrograd-style engines for the tests: every shape the bridge must read, and one
planted bug per probe mode and verdict.

``Good`` is a correct engine with ordered (tuple) children and a label, written the way
the micrograd lecture writes it. The planted-bug engines subclass it and override one
operation. The shape engines are written from scratch, each in its own style.
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


# ---------------------------------------------------------------- shapes

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
        order = _topological(self, lambda v: v._inputs)
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
        order = _topological(self, lambda v: v.parents)
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
        order = _topological(self, lambda v: v.children)
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
        order = _topological(self, lambda v: v._children)
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
        order = _topological(self, lambda v: v._prev)
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
        order = _topological(self, lambda v: v._prev)
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


def _topological(root: Any, inputs: Any) -> List[Any]:
    """Children-first order, iteratively, keyed by ``id()`` (works for every engine here)."""
    order: List[Any] = []
    done = set()
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in done:
            continue
        done.add(id(node))
        stack.append((node, True))
        for child in reversed(list(inputs(node))):
            if id(child) not in done:
                stack.append((child, False))
    return order
