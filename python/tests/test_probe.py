"""The probe: every mode, the local derivative it reports, and that it restores every grad."""

from __future__ import annotations

import math

import pytest

import autograd_tui
from autograd_tui.probe import SENTINEL, classify
from conftest import read
from engine_shapes import LocalGrads, LocalGradsWrongCount
from engines import (AssignAdd, AssignZeroRelu, ErrorExp, Good, IgnoresUpstreamMul,
                     SquaredUpstreamMul, UntouchedTanh, ValueInGrad, WrongLocalTanh)


def neuron(engine):
    """x*w + b through tanh, then exp: every op once, known numbers."""
    x = engine(0.5, label="x")
    w = engine(-1.5, label="w")
    b = engine(2.0, label="b")
    xw = x * w
    xw.label = "xw"
    n = xw + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    e = o.exp()
    e.label = "e"
    e.backward()
    return x, w, b, xw, n, o, e


def test_correct_engine_adds_with_the_right_locals(out):
    x, w, b, xw, n, o, e = neuron(Good)
    autograd_tui.save(e, out)
    doc = read(out)
    assert doc.probe("xw") == {
        "x": {"child": doc.by_label("x")["id"], "local": -1.5, "mode": "add"},
        "w": {"child": doc.by_label("w")["id"], "local": 0.5, "mode": "add"},
    }
    assert {k: (v["local"], v["mode"]) for k, v in doc.probe("n").items()} == {
        "xw": (1.0, "add"), "b": (1.0, "add")}
    t = math.tanh(1.25)
    assert doc.probe("o")["n"]["local"] == pytest.approx(1 - t * t, rel=1e-12)
    assert doc.probe("e")["o"]["local"] == pytest.approx(math.exp(t), rel=1e-12)
    assert all(entry["mode"] == "add" for label in ("xw", "n", "o", "e")
               for entry in doc.probe(label).values())
    assert "probe" not in doc.by_label("x")


def test_grads_are_restored_to_the_same_objects(out):
    nodes = neuron(Good)
    before = [node.grad for node in nodes]
    autograd_tui.save(nodes[-1], out)
    assert [node.grad for node in nodes] == before
    assert all(node.grad is grad for node, grad in zip(nodes, before))


def test_assign(out):
    x, w, b, xw, n, o, e = neuron(AssignAdd)
    autograd_tui.save(e, out)
    probe = read(out).probe("n")
    assert (probe["xw"]["mode"], probe["xw"]["local"]) == ("assign", 1.0)
    assert (probe["b"]["mode"], probe["b"]["local"]) == ("assign", 1.0)
    assert read(out).probe("xw")["x"]["mode"] == "add"


def test_ignores_upstream(out):
    *_, e = neuron(IgnoresUpstreamMul)
    autograd_tui.save(e, out)
    probe = read(out).probe("xw")
    assert (probe["x"]["mode"], probe["x"]["local"]) == ("ignores-upstream", -1.5)
    assert (probe["w"]["mode"], probe["w"]["local"]) == ("ignores-upstream", 0.5)


def test_untouched(out):
    *_, e = neuron(UntouchedTanh)
    autograd_tui.save(e, out)
    entry = read(out).probe("o")["n"]
    assert entry == {"child": read(out).by_label("n")["id"], "local": 0.0, "mode": "untouched"}


def test_error_is_recorded_not_raised(out):
    x = ErrorExp(0.5, label="x")
    e = x.exp()
    e.label = "e"
    e.grad = 1.0
    autograd_tui.save(e, out)
    entry = read(out).probe("e")["x"]
    assert entry["mode"] == "error"
    assert "local" not in entry
    assert entry["message"] == "AttributeError: 'ErrorExp' object has no attribute 'dta'"
    assert e.grad == 1.0 and x.grad == 0.0


def test_wrong_local_derivative_is_reported_as_passed(out):
    *_, e = neuron(WrongLocalTanh)
    autograd_tui.save(e, out)
    entry = read(out).probe("o")["n"]
    assert entry["mode"] == "add"
    assert entry["local"] == pytest.approx(math.tanh(1.25), rel=1e-12)


def test_relu_at_a_negative_input_adds_zero(out):
    x = Good(-2.0, label="x")
    r = x.relu()
    r.label = "r"
    r.backward()
    autograd_tui.save(r, out)
    assert read(out).probe("r")["x"] == {"child": 0, "local": 0.0, "mode": "add"}


def test_skipping_the_write_for_a_zero_local_is_untouched(out):
    class SkipsZeros(Good):
        def relu(self):
            out = type(self)(max(0.0, self.data), (self,), "ReLU")

            def _backward():
                if out.data > 0:
                    self.grad += out.grad
            out._backward = _backward
            return out

    x = SkipsZeros(-2.0, label="x")
    r = x.relu()
    r.label = "r"
    autograd_tui.save(r, out)
    assert read(out).probe("r")["x"] == {"child": 0, "local": 0.0, "mode": "untouched"}


def test_assign_of_zero_is_told_from_untouched(out):
    x = AssignZeroRelu(-2.0, label="x")
    r = x.relu()
    r.label = "r"
    r.backward()
    autograd_tui.save(r, out)
    assert read(out).probe("r")["x"] == {"child": 0, "local": 0.0, "mode": "assign"}


def test_nonlinear_upstream_counts_as_ignoring_it(out):
    a = SquaredUpstreamMul(3.0, label="a")
    b = SquaredUpstreamMul(4.0, label="b")
    c = a * b
    c.label = "c"
    autograd_tui.save(c, out)
    probe = read(out).probe("c")
    assert (probe["a"]["mode"], probe["a"]["local"]) == ("ignores-upstream", 4.0)
    assert (probe["b"]["mode"], probe["b"]["local"]) == ("ignores-upstream", 3.0)


def test_a_value_left_in_a_grad_is_an_error_entry(out):
    a = ValueInGrad(1.0, label="a")
    b = ValueInGrad(2.0, label="b")
    c = a + b
    c.label = "c"
    autograd_tui.save(c, out)
    entry = read(out).probe("c")["a"]
    assert entry["mode"] == "error"
    assert entry["message"].startswith("_backward left Good(data=3.0")
    assert entry["message"].endswith("in the input's grad, not a number")


def test_the_same_input_twice_gets_one_entry_with_the_sum(out):
    a = Good(3.0, label="a")
    s = a * a
    s.label = "s"
    s.backward()
    autograd_tui.save(s, out)
    node = read(out).by_label("s")
    assert node["children"] == [0, 0]
    assert node["probe"] == [{"child": 0, "local": 6.0, "mode": "add"}]


def test_local_grads_are_read(out):
    a = LocalGrads(2.0)
    b = LocalGrads(5.0)
    c = a * b
    d = c.log()
    d.backward()
    autograd_tui.save(d, out)
    doc = read(out)
    nodes = doc.nodes()
    mul = next(n for n in nodes if n["op"] == "*")
    log = next(n for n in nodes if n["op"] == "log")
    ida, idb = mul["children"]
    assert nodes[ida]["data"] == 2.0 and nodes[idb]["data"] == 5.0
    assert mul["probe"] == [
        {"child": ida, "local": 5.0, "mode": "add", "from": "_local_grads"},
        {"child": idb, "local": 2.0, "mode": "add", "from": "_local_grads"}]
    assert log["probe"] == [{"child": mul["id"], "local": 0.1, "mode": "add",
                             "from": "_local_grads"}]


def test_local_grads_of_the_same_input_are_summed(out):
    a = LocalGrads(3.0)
    s = a * a
    autograd_tui.save(s, out)
    node = read(out).nodes()[1]
    assert node["children"] == [0, 0]
    assert node["probe"] == [{"child": 0, "local": 6.0, "mode": "add", "from": "_local_grads"}]


def test_local_grads_of_the_wrong_length_are_an_error(out):
    a = LocalGradsWrongCount(3.0)
    b = LocalGradsWrongCount(4.0)
    c = a * b
    autograd_tui.save(c, out)
    node = read(out).nodes()[2]
    assert [entry["mode"] for entry in node["probe"]] == ["error", "error"]
    assert node["probe"][0]["message"] == "_local_grads holds 1 values for 2 inputs"


@pytest.mark.parametrize("a, b, c, mode", [
    (2.0, 8.0, None, "add"),
    (2.0, 6.0, None, "assign"),
    (2.0, 4.0, None, "ignores-upstream"),
    (2.0, 2.0, None, "assign"),
    (0.0, 0.0, SENTINEL, "add"),
    (0.0, 0.0, 0.0, "assign"),
    (2.0, 20.0, SENTINEL + 2.0, "ignores-upstream"),
    (2.0, 20.0, 7.0, "assign"),
    (-1e-300, -4e-300, None, "add"),
    (math.nan, math.nan, None, "add"),
])
def test_classify(a, b, c, mode):
    assert classify(a, b, c) == mode


def test_classify_untouched_only_when_never_written():
    assert classify(0.0, 0.0, None, written=False) == "untouched"
    assert classify(0.0, 0.0, SENTINEL, written=True) == "add"


def test_classify_asks_for_the_third_call_only_when_needed():
    assert classify(0.0, 0.0, None) is None
    assert classify(2.0, 20.0, None) is None
    assert classify(2.0, 8.0, None) == "add"
