"""A scalar autograd engine in the microgpt style, written for autograd-tui's examples.

Every node stores, when it is made, the local derivative of its value with respect to
each of its children: ``_children`` and ``_local_grads`` are two tuples of the same length.
There is no operation string and no ``_backward`` closure; ``backward()`` sorts the graph
topologically and, from the root down, adds ``local * v.grad`` to each child's grad.
Division, negation and subtraction are made of the other operations, so the graph holds
only ``+``, ``*``, ``**`` (by a number), ``log``, ``exp`` and ``relu`` nodes.

This is the shape of Karpathy's microgpt engine, rewritten from scratch with other names.
"""

from __future__ import annotations

import math
from typing import Any, List, Tuple, Union

Number = Union[int, float]


class Value:
    """One scalar of the computation, its gradient, and its local derivatives."""

    __slots__ = ("data", "grad", "_children", "_local_grads")

    def __init__(self, data: float, children: Tuple["Value", ...] = (),
                 local_grads: Tuple[float, ...] = ()) -> None:
        self.data = data
        self.grad = 0.0
        self._children = children
        self._local_grads = local_grads

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def lift(x: Any) -> "Value":
        """A number as a leaf of the graph (a constant); a Value as itself."""
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other: Any) -> "Value":
        other = Value.lift(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other: Any) -> "Value":
        other = Value.lift(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, exponent: Number) -> "Value":
        if isinstance(exponent, Value):
            raise TypeError("only a number exponent: x ** 2, x ** -0.5")
        return Value(self.data ** exponent, (self,),
                     (exponent * self.data ** (exponent - 1),))

    def log(self) -> "Value":
        """The natural logarithm; its derivative is 1 / x."""
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def exp(self) -> "Value":
        """e to the x; its derivative is itself."""
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def relu(self) -> "Value":
        """max(0, x); its derivative is 1 where x > 0, else 0."""
        return Value(max(0.0, self.data), (self,), (1.0 if self.data > 0 else 0.0,))

    def __neg__(self) -> "Value":
        return self * -1

    def __sub__(self, other: Any) -> "Value":
        return self + (-other)

    def __rsub__(self, other: Any) -> "Value":
        return other + (-self)

    def __truediv__(self, other: Any) -> "Value":
        return self * other ** -1

    def __rtruediv__(self, other: Any) -> "Value":
        return other * self ** -1

    def __radd__(self, other: Any) -> "Value":
        return self + other

    def __rmul__(self, other: Any) -> "Value":
        return self * other

    def graph(self) -> List["Value"]:
        """Every node this one depends on, children before users, itself last."""
        order: List[Value] = []
        seen = set()
        stack: List[Tuple[Value, bool]] = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node._children)
                             if id(child) not in seen)
        return order

    def backward(self) -> None:
        """Seed this node's grad with 1, then apply the chain rule from the root down."""
        order = self.graph()
        self.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node._children, node._local_grads):
                child.grad += local * node.grad
