"""Two right forward passes whose rounding the function amplifies past the tolerance.

``tanh`` is computed as the lecture writes it, ``(e²ˣ − 1)/(e²ˣ + 1)``: at x = 6·10⁻¹² the
subtraction keeps only a few digits (t = 5.99998·10⁻¹², not 6·10⁻¹²: well within 10⁻¹² of the
exact value, so the value is right), and L multiplies t by 10¹² twice, so the engine's grads
differ from the gradients at the exact tanh by a few parts in 10⁶. They are what the engine's
own values call for, which is right. ``log`` adds 10⁻¹² to its input, a common guard: at
p ≈ 6·10⁻⁶ its value and local derivative move by about 1.6·10⁻⁷ of themselves, what an input
off by 10⁻¹² gives, no more. No verdict blames either; the digits are the engine's rounding.

Hand derivation, L = (t * k) * (t * k) + log(p) * c with t = tanh(x * w), at x = 3e-9,
w = 2e-3, k = 1e12, p = 6e-6, c = 1e-6 (tanh(6e-12) = 6e-12 to 24 digits):
    L = t²k² + c·log(p)
    dL/dx = 2t·k²·(1 − t²)·w = 2·6e-12·1e24·2e-3 = 2.4e10
    dL/dw = 2t·k²·(1 − t²)·x = 2·6e-12·1e24·3e-9 = 36000
    dL/dk = 2t²·k = 2·3.6e-23·1e12 = 7.2e-11
    dL/dp = c / p = 1e-6 / 6e-6 = 0.16666...
    dL/dc = log(6e-6) = -12.0238...
The engine's own grads (its tanh, its guard) differ from these by up to 4·10⁻⁶ of themselves,
more than finite differences of this engine may be compared at: they are not run.
"""

from __future__ import annotations

import math
from typing import Any, Callable, List, Set, Tuple

EXPECTED = {
    "verdict": "none",
    "finite_differences": False,
    "grads": {"x": 2.4e10, "w": 36000.0, "k": 7.2e-11, "p": 0.16666666666666666,
              "c": -12.023751088736219},
}


class Value:
    """A scalar with ``+``, ``*``, the lecture's ``tanh`` and a guarded ``log``."""

    def __init__(self, data: float, _children: Tuple["Value", ...] = (), _op: str = "") -> None:
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

    def tanh(self) -> "Value":
        """(e²ˣ − 1)/(e²ˣ + 1), as in the lecture."""
        x = self.data
        t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
        out = Value(t, (self,), "tanh")

        def _backward() -> None:
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def log(self) -> "Value":
        """log(x + 1e-12), guarded against 0."""
        out = Value(math.log(self.data + 1e-12), (self,), "log")

        def _backward() -> None:
            self.grad += out.grad / (self.data + 1e-12)
        out._backward = _backward
        return out

    def backward(self) -> None:
        """micrograd's pass: topological order, then each ``_backward`` from the root."""
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


x = Value(3e-9)
w = Value(2e-3)
k = Value(1e12)
p = Value(6e-6)
c = Value(1e-6)
t = (x * w).tanh()
y = t * k
L = y * y + p.log() * c
L.backward()
print(f"L = {L.data}  x.grad = {x.grad}  w.grad = {w.grad}  p.grad = {p.grad}")
