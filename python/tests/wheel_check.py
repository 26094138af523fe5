"""What .ci/run runs with the installed wheel, outside the repository and with no Swift on
PATH: `autograd_tui.check()` on a small engine of our own finds the program installed with
the package (no AUTOGRAD_TUI, no PATH setup) and judges a planted bug.

Not a pytest test: it needs the wheel installed in the interpreter that runs it.
"""

from __future__ import annotations

import os
import sys

import autograd_tui
from autograd_tui.program import bundled


class Value:
    """A scalar whose product's _backward forgets the upstream grad for one input."""

    def __init__(self, data: float, children: tuple = (), op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._prev = set(children)
        self._op = op
        self._backward = lambda: None

    def __mul__(self, other: "Value") -> "Value":
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data  # the planted bug: no * out.grad
        out._backward = _backward
        return out

    def __add__(self, other: "Value") -> "Value":
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def backward(self) -> None:
        self.grad = 1.0
        self._backward()
        for child in self._prev:
            child._backward()


def main() -> int:
    assert "AUTOGRAD_TUI" not in os.environ, "the check must find the program by itself"
    program = bundled()
    assert program is not None and program.startswith(sys.prefix), program
    a, b, c = Value(2.0), Value(-3.0), Value(4.0)
    loss = a * b + c
    loss.backward()
    verdict = autograd_tui.check(loss)
    assert verdict is False, f"check() gave {verdict!r}, not False for the planted bug"
    print(f"check() found the program at {program} and the planted bug")
    return 0


if __name__ == "__main__":
    sys.exit(main())
