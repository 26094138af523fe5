"""Where the engine's code is (``codes``, ``backward_codes``) when the bridge has wrapped it.

A DeZero ``Function`` that defines its own ``__init__`` (``Pow(c)`` holding its exponent)
looks like a value class to the patcher, which wraps its ``backward`` while recording: the
code named must still be the learner's ``Pow.backward``, never the bridge's wrapper (the
stranger's finding 3: a wrong ``Pow.backward`` was reported at ``Function.__call__``).

Hand derivation, y = x ** 3 at x = 2: dy/dx = 3 x² = 12; the planted bug returns
c · xᶜ · gy = 24 · gy.
"""

from __future__ import annotations

import inspect
from typing import Any

import autograd_tui
from conftest import read
from styles_recognition import Function, Variable


class Pow(Function):
    """A power holding its exponent, as DeZero writes it; ``backward`` has a planted bug."""

    def __init__(self, c: float) -> None:
        self.c = c

    def forward(self, x: float) -> float:
        return x ** self.c

    def backward(self, gy: float) -> Any:
        x = self.inputs[0].data
        return self.c * x ** self.c * gy  # BUG: x ** (c - 1)


def original(function: Any) -> Any:
    """The function behind any ``functools.wraps`` wrappers."""
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    return function


def test_a_function_with_its_own_init_is_located_at_its_backward(out: str) -> None:
    with autograd_tui.record() as recording:
        x = Variable(2.0, name="x")
        y = Pow(3)(x)
        y.backward()
        wrapped = Pow.backward is not original(Pow.backward)
    recording.save(out)
    capture = read(out).capture()
    power = next(node for node in capture["nodes"] if node["children"])
    assert power["op"] == "**3"
    assert power["probe"][0]["local"] == 24.0  # the bug, measured: 3 · 2³
    index = capture["backward_codes"][power["id"]]
    assert index is not None, "no code for Pow's backward"
    code = original(Pow.backward).__code__
    assert capture["codes"][index] == {"file": capture["codes"][index]["file"],
                                       "line": code.co_firstlineno, "function": "backward"}
    assert capture["codes"][index]["file"].endswith("test_engine_code.py")
    assert wrapped or inspect.getsourcefile(Pow.backward).endswith("test_engine_code.py")
