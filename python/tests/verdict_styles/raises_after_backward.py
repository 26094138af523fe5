"""A correct engine, backward() called twice, then the script raises ValueError.

The learner's script is right up to its last line, which raises (a check of their own that
fails, a typo after the training loop...). Both backward() calls were made and are right:
the verdict on them is ``none``, whatever happened after.

Hand derivation, L = a * b + a, one gradient step of 0.1 between the two calls:
    call 1 at a = 2.0, b = -3.0: dL/da = b + 1 = -2.0, dL/db = a = 2.0
    step: a = 2.0 - 0.1 * -2.0 = 2.2, b = -3.0 - 0.1 * 2.0 = -3.2
    call 2 (the last, the one checked) at a = 2.2, b = -3.2:
        dL/da = b + 1 = -2.2, dL/db = a = 2.2
(No finite differences from the initial leaves: the last call's L depends on them through
the update step too.)
"""

from __future__ import annotations

from typing import Any, Callable, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"a": -2.2, "b": 2.2},
    "calls": 2,
    "finite_differences": False,
}


class Value:
    """micrograd as the lecture writes it: closures, children, an op string."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (),
                 _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._prev = set(_children)
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
        """Topological order, seed 1, every ``_backward`` from the root down."""
        topo, visited = [], set()

        def build(v: "Value") -> None:
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


a = Value(2.0)
b = Value(-3.0)
for step in range(2):
    L = a * b + a
    a.grad = 0.0
    b.grad = 0.0
    L.backward()
    print(f"step {step + 1}: L = {L.data:.4f}  a.grad = {a.grad}  b.grad = {b.grad}")
    if step == 0:
        a.data -= 0.1 * a.grad
        b.data -= 0.1 * b.grad

raise ValueError("the learner's own check after training failed")
