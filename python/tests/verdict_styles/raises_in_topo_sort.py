"""A recursive topological sort too deep for Python's limit: backward() raises before any
``_backward`` runs.

micrograd's ``build_topo`` recurses once per node; a chain of 3000 products is deeper than
Python's default recursion limit of 1000, so ``backward()`` raises ``RecursionError`` inside
``build_topo``, before it seeds the root or runs one ``_backward``. The script fails alone
as it fails under autograd-tui. The verdict that is true: ``error``, raised in
``build_topo`` before any ``_backward`` ran; not a ``_backward``'s fault, and no ``seed``
(the pass never reached its seed). Every ``_backward``, probed alone, is right.

(The stranger's finding 1: the RecursionError was blamed on ``__mul__``'s ``_backward``, "in
the 1st of the 990 _backward calls", with a ``seed`` finding beside it.)

Hand derivation, L = x · 1.0001³⁰⁰⁰ at x = 0.5: dL/dx = 1.0001³⁰⁰⁰ = 1.3498385611954407.
(No finite differences: the script raises.)
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "error",
    "message_contains": ["raised RecursionError", "in build_topo",
                         "before any _backward ran"],
    "grads": {"x": 1.3498385611954407},
    "finite_differences": False,
}


class Value:
    """micrograd as the lecture writes it, with its recursive topological sort."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (),
                 _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __mul__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def backward(self) -> None:
        """Topological order (recursive), seed 1, every ``_backward`` from the root down."""
        topo, visited = [], set()

        def build_topo(v: "Value") -> None:
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


x = Value(0.5)
L = x
for _ in range(3000):
    L = L * 1.0001
L.backward()    # RecursionError in build_topo
print(f"L = {L.data}  x.grad = {x.grad}")
