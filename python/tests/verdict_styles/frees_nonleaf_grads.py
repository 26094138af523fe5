"""An engine that frees the grads of non-leaf nodes after its pass, as PyTorch does.

Once every ``_backward`` has run, ``backward()`` sets the grad of each node with inputs back
to 0 (PyTorch keeps ``.grad`` only on leaves unless asked). The root's grad is 0 after the
call, though it was seeded with 1; so are the grads of the two other operations. The leaves'
grads are right, which a pass could not give through a grad that was 0 when its step ran: the
freed grads are not judged (the capture cannot show what they were), and nothing is blamed.

Hand derivation, L = (w * x + b) * w at w = 2, x = 3, b = -1:
    n = w * x + b = 5, L = n * w = 10
    dL/dn = w = 2
    dL/dw = x * dL/dn + n = 6 + 5 = 11
    dL/dx = w * dL/dn = 4, dL/db = dL/dn = 2
"""

from __future__ import annotations

from typing import Any, Callable, List, Set, Tuple

EXPECTED = {
    "verdict": "none",
    "not_judged": {"freed": 3},
    "grads": {"w": 11.0, "x": 4.0, "b": 2.0},
}


class Value:
    """A scalar with ``+`` and ``*``; its ``backward()`` frees non-leaf grads at the end."""

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
        """Topological order, the root seeded, each step, then non-leaf grads freed."""
        topo: List[Value] = []
        visited: Set[int] = set()

        def build(v: "Value") -> None:
            if id(v) not in visited:
                visited.add(id(v))
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()
        for v in topo:
            if v._prev:
                v.grad = 0.0


w = Value(2.0)
x = Value(3.0)
b = Value(-1.0)
L = (w * x + b) * w
L.backward()
print(f"L = {L.data} (grad {L.grad})  w.grad = {w.grad}  x.grad = {x.grad}  b.grad = {b.grad}")
