"""Engines in the styles learners write that the known attribute names do not cover: one
class per style, each written for these tests.

- ``Scalar``: inputs in ``_operands``, grad ``grade``, op ``opp``, step ``backtrack``,
  pass ``backprop()``;
- ``Parented``: inputs in a ``_parents`` set; pass ``backwardpropagation()``;
- ``GradFn``: the step ``_grad_fn(grad)`` takes the upstream grad as its argument;
- ``Variable`` and ``Function`` (``Add``, ``Mul``, ``Square``, ``Exp``): DeZero style;
- ``Loose``: no pass method at all; ``free_backward(root)`` fires the steps;
- ``Learned``: a pass method of a name the bridge does not know (``propagate``);
- ``Hidden``: ``__init__`` hides the ``backward`` method under ``self.backward``;
- ``Odd``: every name unfamiliar (``amount``, ``slope``, ``srcs``, ``push``);
- ``Swapped``: the grad set before the data, so only ``AUTOGRAD_TUI_ROLES`` can tell them.
"""

from __future__ import annotations

import heapq
import math
import weakref
from typing import Any, List

from orders import topological as topo


class Scalar:
    """``_operands``, ``grade``, ``opp``, ``backtrack``, ``backprop()``."""

    def __init__(self, data: float, operands: tuple = (), opp: str = "") -> None:
        self.data = data
        self.grade = 0.0
        self._operands = operands
        self.opp = opp
        self.backtrack = lambda: None

    def __add__(self, other: "Scalar") -> "Scalar":
        out = Scalar(self.data + other.data, (self, other), "+")

        def backtrack() -> None:
            self.grade += out.grade
            other.grade += out.grade
        out.backtrack = backtrack
        return out

    def __mul__(self, other: "Scalar") -> "Scalar":
        out = Scalar(self.data * other.data, (self, other), "*")

        def backtrack() -> None:
            self.grade += other.data * out.grade
            other.grade += self.data * out.grade
        out.backtrack = backtrack
        return out

    def __pow__(self, k: float) -> "Scalar":
        out = Scalar(self.data ** k, (self,), f"**{k}")

        def backtrack() -> None:
            self.grade += k * self.data ** (k - 1) * out.grade
        out.backtrack = backtrack
        return out

    def backprop(self) -> None:
        self.grade = 1.0
        for node in reversed(topo(self, lambda v: v._operands)):
            node.backtrack()


class Parented:
    """A ``_parents`` set, ``_backward`` closures, ``backwardpropagation()``."""

    def __init__(self, data: float, parents: tuple = (), op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._parents = set(parents)
        self._op = op
        self._backward = lambda: None

    def __add__(self, other: "Parented") -> "Parented":
        out = Parented(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: "Parented") -> "Parented":
        out = Parented(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self) -> "Parented":
        t = math.tanh(self.data)
        out = Parented(t, (self,), "tanh")

        def _backward() -> None:
            self.grad += (1 - t) * out.grad  # planted bug: 1 - t instead of 1 - t**2
        out._backward = _backward
        return out

    def backwardpropagation(self) -> None:
        self.grad = 1.0
        for node in reversed(topo(self, lambda v: v._parents)):
            node._backward()


class GradFn:
    """``_grad_fn(grad)``: the step is given the upstream grad; tuple ``_prev``."""

    def __init__(self, data: float, prev: tuple = (), op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._prev = prev
        self._op = op
        self._grad_fn = None

    def __add__(self, other: "GradFn") -> "GradFn":
        out = GradFn(self.data + other.data, (self, other), "+")

        def _grad_fn(grad: float) -> None:
            self.grad += grad
            other.grad += grad
        out._grad_fn = _grad_fn
        return out

    def __mul__(self, other: "GradFn") -> "GradFn":
        out = GradFn(self.data * other.data, (self, other), "*")

        def _grad_fn(grad: float) -> None:
            self.grad += other.data * grad
            other.grad = self.data * grad  # planted bug: = where += belongs
        out._grad_fn = _grad_fn
        return out

    def backward(self) -> None:
        self.grad = 1.0
        for node in reversed(topo(self, lambda v: v._prev)):
            if node._grad_fn is not None:
                node._grad_fn(node.grad)


# ---------------------------------------------------------------- DeZero style

class Variable:
    """DeZero style: ``grad`` is None until set, ``creator`` the Function that made it."""

    def __init__(self, data: float, name: Any = None) -> None:
        self.data = data
        self.name = name
        self.grad: Any = None
        self.creator: Any = None
        self.generation = 0

    def set_creator(self, function: "Function") -> None:
        self.creator = function
        self.generation = function.generation + 1

    def cleargrad(self) -> None:
        self.grad = None

    def backward(self, retain_grad: bool = False) -> None:
        if self.grad is None:
            self.grad = 1.0
        queue: List[Any] = []
        queued = set()

        def push(function: "Function") -> None:
            if id(function) not in queued:
                queued.add(id(function))
                heapq.heappush(queue, (-function.generation, id(function), function))

        push(self.creator)
        while queue:
            _, _, function = heapq.heappop(queue)
            gys = [output().grad for output in function.outputs]
            gxs = function.backward(*gys)
            if not isinstance(gxs, tuple):
                gxs = (gxs,)
            for x, gx in zip(function.inputs, gxs):
                x.grad = gx if x.grad is None else x.grad + gx
                if x.creator is not None:
                    push(x.creator)
            if not retain_grad:
                for output in function.outputs:
                    output().grad = None

    def __add__(self, other: "Variable") -> "Variable":
        return Add()(self, other)

    def __mul__(self, other: "Variable") -> "Variable":
        return Mul()(self, other)


class Function:
    """Calls ``forward`` on the inputs' data and links the output to its inputs."""

    def __call__(self, *inputs: Variable) -> Variable:
        y = self.forward(*[x.data for x in inputs])
        output = Variable(y)
        self.generation = max(x.generation for x in inputs)
        output.set_creator(self)
        self.inputs = inputs
        self.outputs = [weakref.ref(output)]
        return output

    def forward(self, *xs: float) -> float:
        raise NotImplementedError

    def backward(self, gy: float) -> Any:
        raise NotImplementedError


class Add(Function):
    def forward(self, x0: float, x1: float) -> float:
        return x0 + x1

    def backward(self, gy: float) -> Any:
        return gy, gy


class Mul(Function):
    def forward(self, x0: float, x1: float) -> float:
        return x0 * x1

    def backward(self, gy: float) -> Any:
        x0, x1 = self.inputs
        return gy * x1.data, gy * x0.data


class Square(Function):
    def forward(self, x: float) -> float:
        return x ** 2

    def backward(self, gy: float) -> Any:
        return 2 * self.inputs[0].data * gy


class Exp(Function):
    def forward(self, x: float) -> float:
        return math.exp(x)

    def backward(self, gy: float) -> Any:
        return math.exp(self.inputs[0].data)  # planted bug: forgets gy


def square(x: Variable) -> Variable:
    return Square()(x)


def exp(x: Variable) -> Variable:
    return Exp()(x)


# ---------------------------------------------------------------- passes not named

class Loose:
    """No pass method: ``free_backward(root)`` below fires the ``_backward`` closures."""

    def __init__(self, data: float, children: tuple = (), op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._prev = children
        self._op = op
        self._backward = lambda: None

    def __add__(self, other: "Loose") -> "Loose":
        out = Loose(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: "Loose") -> "Loose":
        out = Loose(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out


def free_backward(root: Loose) -> None:
    """The notebook's pass: a function, not a method."""
    root.grad = 1.0
    for node in reversed(topo(root, lambda v: v._prev)):
        node._backward()


class Learned(Loose):
    """A pass method whose name the bridge does not know."""

    def __add__(self, other: "Loose") -> "Learned":
        out = Learned(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: "Loose") -> "Learned":
        out = Learned(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def propagate(self) -> None:
        self.grad = 1.0
        for node in reversed(topo(self, lambda v: v._prev)):
            node._backward()


class Hidden(Parented):
    """The learner's bug: every instance hides the ``backward`` method."""

    def __init__(self, data: float, parents: tuple = (), op: str = "") -> None:
        super().__init__(data, parents, op)
        self.backward = lambda: None  # HIDES

    def __add__(self, other: "Parented") -> "Hidden":
        out = Hidden(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def backward(self) -> None:  # HIDDEN
        self.backwardpropagation()


class Odd:
    """Every name unfamiliar: data ``amount``, grad ``slope``, inputs ``srcs``, step
    ``push``, op ``kind``, pass ``backward``."""

    def __init__(self, amount: float, srcs: tuple = (), kind: str = "") -> None:
        self.amount = amount
        self.slope = 0.0
        self.srcs = srcs
        self.kind = kind
        self.push = lambda: None

    def __add__(self, other: "Odd") -> "Odd":
        out = Odd(self.amount + other.amount, (self, other), "+")

        def push() -> None:
            self.slope += out.slope
            other.slope += out.slope
        out.push = push
        return out

    def __mul__(self, other: "Odd") -> "Odd":
        out = Odd(self.amount * other.amount, (self, other), "*")

        def push() -> None:
            self.slope += other.amount * out.slope
            other.slope += self.amount * out.slope
        out.push = push
        return out

    def backward(self) -> None:
        self.slope = 1.0
        for node in reversed(topo(self, lambda v: v.srcs)):
            node.push()


class Swapped(Odd):
    """The grad is set before the data: behaviour takes the first number for the data."""

    def __init__(self, amount: float, srcs: tuple = (), kind: str = "") -> None:
        self.slope = 0.0
        super().__init__(amount, srcs, kind)

    def __mul__(self, other: "Odd") -> "Swapped":
        out = Swapped(self.amount * other.amount, (self, other), "*")

        def push() -> None:
            self.slope += other.amount * out.slope
            other.slope += self.amount * out.slope
        out.push = push
        return out
