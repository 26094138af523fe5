"""The fast path writes exactly what the general path writes, and gives up when it must."""

from __future__ import annotations

import random
import sys

import pytest
from micrograd.engine import Value
from micrograd.nn import MLP

import autograd_tui
from autograd_tui import fastpath
from autograd_tui.capture import capture_root
from autograd_tui.recorder import HUB
from engine_shapes import Chain, LocalGrads, NoOp, OpSubclasses, Slotted, Unhashable
from engines import (AssignAdd, AssignZeroRelu, ErrorExp, Good, IgnoresUpstreamMul, Recursive,
                     SquaredUpstreamMul, UntouchedTanh, ValueInGrad, WrongLocalTanh)


def both(root, how="walk"):
    """(fast body, general body, whether the fast path was taken ``how``: walking the graph
    itself, or on the graph ``walk`` made)."""
    frame = sys._getframe(1)
    counts = (fastpath.used, fastpath.used_plan)
    fast = capture_root(root, HUB.shapes, HUB.finder, HUB.log, frame, fast=True)
    took = {"walk": fastpath.used == counts[0] + 1,
            "plan": fastpath.used_plan == counts[1] + 1}
    general = capture_root(root, HUB.shapes, HUB.finder, HUB.log, frame, fast=False)
    assert (fastpath.used, fastpath.used_plan) == (counts[0] + took["walk"],
                                                   counts[1] + took["plan"])
    return fast.body, general.body, took[how]


def good_style(engine):
    x = engine(0.5, label="x")
    w = engine(-1.5, label="w")
    b = engine(2.0, label="b")
    n = x * w + b
    o = n.tanh().exp() + (x * x).relu() + (w * 1.0).relu() + x ** 3
    o.backward()
    return o


@pytest.mark.parametrize("engine", [Good, AssignAdd, IgnoresUpstreamMul, UntouchedTanh,
                                    WrongLocalTanh, AssignZeroRelu, SquaredUpstreamMul])
def test_planted_bugs_agree(engine):
    root = good_style(engine)
    fast, general, took = both(root)
    assert took
    assert fast == general


def test_errors_and_non_numbers_agree():
    x = ErrorExp(0.5)
    e = x.exp() + x
    fast, general, took = both(e)
    assert took and fast == general and '"mode": "error"' in fast
    a = ValueInGrad(1.0)
    c = a + ValueInGrad(2.0)
    fast, general, took = both(c)
    assert took and fast == general and "not a number" in fast


def test_micrograd_mlp_agrees():
    random.seed(1)
    model = MLP(4, [5, 5, 1])
    xs = [Value(random.uniform(-1, 1)) for _ in range(4)]
    loss = (model(xs) - 1) ** 2
    loss.backward()
    fast, general, took = both(loss)
    assert took
    assert fast == general
    assert '"label": "xs[0]"' in fast and '"label": "loss"' in fast


def test_micrograd_with_ints_and_specials_agrees():
    a = Value(2)
    b = Value(float("nan"))
    c = Value(0.0)
    d = Value(-0.0)
    e = (a * b + c * d + a * a).relu() + d
    e.backward()
    fast, general, took = both(e)
    assert took and fast == general
    assert '"data": -0.0' in fast and '"data": "nan"' in fast


@pytest.mark.parametrize("make", [
    lambda: Slotted(1.0) * Slotted(2.0) + Slotted(3.0),
    lambda: Unhashable(1.0) * Unhashable(2.0),
    lambda: NoOp(1.0) * NoOp(2.0),
    lambda: LocalGrads(2.0) * LocalGrads(3.0) + LocalGrads(1.0),
])
def test_other_shapes_agree(make):
    root = make()
    root.backward()
    fast, general, took = both(root)
    assert took and fast == general


def test_mixed_classes_fall_back():
    a = OpSubclasses(2.0)
    c = a * OpSubclasses(3.0) + a
    c.backward()
    fast, general, took = both(c)
    assert not took and not both(c, "plan")[2]
    assert fast == general


def test_a_cycle_falls_back_and_terminates():
    a = Good(1.0)
    b = a + Good(2.0)
    a._prev = (b,)  # a broken engine: a cycle
    fast, general, took = both(b)
    assert not took and not both(b, "plan")[2]
    assert fast == general


def test_too_deep_for_the_fast_path_falls_back(monkeypatch):
    monkeypatch.setattr(fastpath, "DEPTH_LIMIT", 100)
    y = Chain(1.0)
    for _ in range(500):
        y = y * 1.0
    y.backward()
    fast, general, took = both(y)
    assert not took
    assert fast == general
    assert both(y, "plan")[2]  # the generated loop still writes it, on walk()'s graph


def test_grads_are_restored_after_falling_back():
    a = Good(1.0)
    b = a * Good(2.0)
    c = b + a
    c.backward()
    a._prev = (c,)  # a cycle found only after b and c were probed
    grads = [a.grad, b.grad, c.grad]
    fast, general, took = both(c)
    assert not took
    assert [a.grad, b.grad, c.grad] == grads


def test_recorded_graphs_agree():
    with autograd_tui.record() as recording:
        a = Value(2.0)
        b = Value(-1.0)
        c = (a * b + a * a).relu() + (b ** 2).relu()
        c.backward()
        c.backward()  # not zeroed: grad_before is not 0
    fast, general, took = both(c, "plan")
    assert took and fast == general
    assert '"file": "tests/test_fastpath.py"' in fast and '"grad_before"' not in fast
    body = recording.store.body(1)
    assert '"grad_before": 1.0' in body and '"ordered": true' in body


@pytest.mark.parametrize("engine", [Good, AssignAdd, UntouchedTanh, AssignZeroRelu])
def test_recorded_planted_bugs_agree(engine):
    with autograd_tui.record():
        root = good_style(engine)
    fast, general, took = both(root, "plan")
    assert took and fast == general


def test_captures_recorded_at_backward_agree(monkeypatch):
    import autograd_tui.capture as capture_module

    def run():
        with autograd_tui.record() as recording:
            x = Recursive(0.5, label="x")
            w = Recursive(-1.5, label="w")
            y = (x * w + x).tanh() * x
            y.backward()
        return recording.store.body(0)

    plan_uses = fastpath.used_plan
    fast = run()
    assert fastpath.used_plan == plan_uses + 1
    monkeypatch.setattr(capture_module, "_fast_lines", lambda *args: None)
    general = run()
    assert fast == general
    assert '"fired": [' in fast and '"grad_before": 0.0' in fast


def test_reused_texts_are_those_of_equal_floats():
    # a local equal to the other input's data reuses that data's text only when the data is
    # a non-zero float: the int 3 and the float 3.0 are equal (both written 3.0 here), and
    # so are -0.0 and 0.0, whose texts differ
    a = Good(2)
    b = Good(3)
    c = Good(-0.0)
    d = Good(0.0)
    e = a * b + c * d + (a * 1.0) * (b * 1.0)
    e.backward()
    fast, general, took = both(e)
    assert took and fast == general
    assert '"local": 3.0' in fast and '"data": -0.0' in fast


def test_a_recursion_error_in_a_backward_falls_back():
    class Deep(Good):
        def __mul__(self, other):
            out = Good.__mul__(self, other)

            def _backward():
                _backward()  # recurses until Python stops it
            out._backward = _backward
            return out

    y = Deep(1.0) * Deep(2.0)
    fast, general, took = both(y)
    assert not took
    assert fast == general and "RecursionError" in fast
