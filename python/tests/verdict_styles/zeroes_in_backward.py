"""An engine whose ``backward()`` zeroes every grad itself before seeding the root.

The training loop never calls ``zero_grad``: the engine needs none, since its pass sets the
grad of every node it will visit to 0 first. So at the second call the grads of the first are
still there when ``backward()`` is called (the capture's ``grad_before``), and the pass clears
them: every final grad is what a pass from 0 gives. A leftover the pass itself clears does no
harm, and is no ``not-zeroed``.

Hand derivation, L = (w * x + b) * w at w = 2, x = 3, b = -1 (the same at both calls):
    n = w * x + b = 5, L = n * w = 10
    dL/dn = w = 2
    dL/dw = x * dL/dn + n = 6 + 5 = 11
    dL/dx = w * dL/dn = 4, dL/db = dL/dn = 2
"""

from __future__ import annotations

from typing import Any, Callable, List, Set, Tuple

EXPECTED = {
    "verdict": "none",
    "calls": 2,
    "grads": {"w": 11.0, "x": 4.0, "b": 2.0},
}


class Value:
    """A scalar with ``+`` and ``*``; its ``backward()`` zeroes the graph's grads first."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (), _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._prev = _children
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

    def backward(self) -> None:
        """Topological order; every grad in it set to 0; the root seeded; then each step."""
        topo: List[Value] = []
        visited: Set[int] = set()

        def build(v: "Value") -> None:
            if id(v) not in visited:
                visited.add(id(v))
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        for v in topo:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


w = Value(2.0)
x = Value(3.0)
b = Value(-1.0)
for step in range(2):
    L = (w * x + b) * w
    L.backward()
print(f"L = {L.data}  w.grad = {w.grad}  x.grad = {x.grad}  b.grad = {b.grad}")
