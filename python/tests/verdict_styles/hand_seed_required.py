"""An engine whose backward() does not seed the root, and whose closures assign.

``backward()`` only walks the graph: the learner has to write ``L.grad = 1.0`` first,
so the hand seed (grad_before 1.0 on the root) is required, not a leftover. The real bug
is elsewhere: every ``_backward`` writes ``=`` where ``+=`` belongs, so an input used
twice keeps only its last contribution. The first wrong thing in firing order is the
``+`` of ``L = c + a`` (the root, which fires first): the verdict is ``assign``.

Hand derivation of the correct grads, L = a * b + a at a = 2.0, b = -3.0:
    dL/da = b + 1 = -2.0, dL/db = a = 2.0   (the engine gives a.grad = -3.0)
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "assign",
    "method": "__add__",
    "grads": {"a": -2.0, "b": 2.0},
}


class Value:
    """micrograd with ``=`` in its closures and a backward() that leaves the seed to you."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (),
                 _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._prev = _children
        self._op = _op

    def __add__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad = out.grad    # BUG: +=
            other.grad = out.grad   # BUG: +=
        out._backward = _backward
        return out

    def __mul__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad = other.data * out.grad   # BUG: +=
            other.grad = self.data * out.grad   # BUG: +=
        out._backward = _backward
        return out

    def backward(self) -> None:
        """Topological order and every ``_backward`` from the root down; no seed."""
        topo, visited = [], set()

        def build(v: "Value") -> None:
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        for v in reversed(topo):
            v._backward()


a = Value(2.0)
b = Value(-3.0)
c = a * b       # -6
L = c + a       # -4
L.grad = 1.0    # required: backward() does not seed
L.backward()
print(f"(wrong) L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}")
