"""A pass method that is a generator (``deferred``): recorded when the script exhausts it,
never judged before it ran, and a note when it was never run or stopped early.

The engine is ``verdict_styles/generator_pass.py``'s: at a = 0.5, b = -1.5 and
L = tanh(a * b + a), dL/da = (1 - L ** 2) * (b + 1) and dL/db = (1 - L ** 2) * a.
"""

from __future__ import annotations

import math
import os
import sys
from typing import Any, Tuple

import autograd_tui
from autograd_tui.diagnosis import diagnose
from conftest import TESTS_DIR, read

sys.path.insert(0, os.path.join(TESTS_DIR, "verdict_styles"))
import generator_pass  # noqa: E402  (runs its own pass once, unrecorded, on import)

Value = generator_pass.Value
T = math.tanh(0.5 * -1.5 + 0.5)
DA, DB = (1 - T * T) * (-1.5 + 1), (1 - T * T) * 0.5


def graph() -> Tuple[Any, Any, Any]:
    """a, b and L = tanh(a * b + a)."""
    a, b = Value(0.5), Value(-1.5)
    return a, b, (a * b + a).tanh()


def test_a_consumed_generator_is_captured_after_the_pass(out):
    with autograd_tui.record() as recording:
        a, b, L = graph()
        steps = list(L.backward())
        assert recording.count == 1  # captured when the generator was exhausted
    assert len(steps) == 5 and steps[0] is L
    doc = read(out) if recording.save(out) else None
    assert doc is not None
    root = doc.by_label("L")
    assert root["grad"] == 1.0 and root["grad_before"] == 0.0
    assert math.isclose(doc.by_label("a")["grad"], DA, rel_tol=1e-12)
    assert math.isclose(doc.by_label("b")["grad"], DB, rel_tol=1e-12)
    by_op = {node["op"]: node["id"] for node in doc.nodes()}
    assert doc.capture()["fired"] == [by_op["tanh"], by_op["+"], by_op["*"]]  # steps that ran
    assert diagnose(recording) == []


def test_an_unconsumed_generator_is_noted_not_captured():
    with autograd_tui.record() as recording:
        a, b, L = graph()
        L.backward()  # the generator is dropped at once
        line = sys._getframe().f_lineno - 1
    assert recording.count == 0 and a.grad == 0.0
    [entry] = diagnose(recording)
    assert entry["message"].startswith("backward() returned a generator that was never run")
    assert entry["file"].endswith("test_generator_pass.py") and entry["line"] == line


def test_a_generator_still_held_when_recording_stops_is_noted():
    with autograd_tui.record() as recording:
        a, b, L = graph()
        held = L.backward()
    assert recording.count == 0
    [entry] = diagnose(recording)
    assert "never run" in entry["message"]
    assert next(held) is L  # the script's generator still works after the recording


def test_a_generator_stopped_early_is_noted_not_judged():
    with autograd_tui.record() as recording:
        a, b, L = graph()
        passes = L.backward()
        first, second = next(passes), next(passes)
        passes.close()
    assert first is L and recording.count == 0
    [entry] = diagnose(recording)
    assert "stopped after it yielded 2 values, before the pass finished" in entry["message"]


def test_a_later_ordinary_call_is_still_captured(out):
    with autograd_tui.record() as recording:
        a, b, L = graph()
        for _ in L.backward():
            pass
        a2, b2, L2 = graph()
        for _ in L2.backward():
            pass
    assert recording.count == 2
    doc = read(out) if recording.save(out) else None
    assert doc is not None
    assert math.isclose(doc.by_label("a2")["grad"], DA, rel_tol=1e-12)
