"""Engines recognised by what they do, not only by the names micrograd uses (issue 15).

Every expected number is derived by hand. For f = (a*b + c)**2 at a = 2, b = -3, c = 10:
d = a*b + c = 4, f = 16, df/dd = 2d = 8, df/da = 8b = -24, df/db = 8a = 16, df/dc = 8.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap

import pytest

import autograd_tui
from autograd_tui.diagnosis import diagnose
from autograd_tui.recorder import HUB
from autograd_tui.roles import parse_roles
from autograd_tui.spy import Watch
from conftest import PYTHON_DIR, TESTS_DIR, read
import styles_recognition as styles
from styles_recognition import (Exp, GradFn, Hidden, Learned, Loose, Odd, Parented, Scalar,
                                Square, Swapped, Variable, free_backward)

STYLES_FILE = os.path.join(TESTS_DIR, "styles_recognition.py")


def line_of(marker: str) -> int:
    """The line of styles_recognition.py that holds ``marker``."""
    with open(STYLES_FILE, encoding="utf-8") as stream:
        for number, text in enumerate(stream, 1):
            if marker in text:
                return number
    raise AssertionError(marker)


def saved(recording, out):
    recording.save(out)
    return read(out)


def by_op(doc, op, index=-1):
    found = [n for n in doc.nodes(index) if n["op"] == op]
    assert len(found) == 1, f"{len(found)} nodes with op {op!r}"
    return found[0]


def assert_abcd(doc, ops, index=-1, source=None):
    """The capture of f = (a*b + c)**2 (see the module docstring); ``ops`` = (mul, add, sq)."""
    a, b, c = (doc.by_label(x, index) for x in "abc")
    mul, add, sq = (by_op(doc, op, index) for op in ops)
    assert (a["data"], b["data"], c["data"]) == (2.0, -3.0, 10.0)
    assert (mul["data"], add["data"], sq["data"]) == (-6.0, 4.0, 16.0)
    assert (a["grad"], b["grad"], c["grad"]) == (-24.0, 16.0, 8.0)
    assert (mul["grad"], add["grad"], sq["grad"]) == (8.0, 8.0, 1.0)
    assert mul["children"] == [a["id"], b["id"]] and mul["ordered"] is True
    assert add["children"] == [mul["id"], c["id"]]
    assert sq["children"] == [add["id"]]
    extra = {} if source is None else {"from": source}
    assert mul["probe"] == [{"child": a["id"], "local": -3.0, "mode": "add", **extra},
                            {"child": b["id"], "local": 2.0, "mode": "add", **extra}]
    assert add["probe"] == [{"child": mul["id"], "local": 1.0, "mode": "add", **extra},
                            {"child": c["id"], "local": 1.0, "mode": "add", **extra}]
    assert sq["probe"] == [{"child": add["id"], "local": 8.0, "mode": "add", **extra}]
    assert doc.capture(index)["fired"] == [sq["id"], add["id"], mul["id"]]
    assert doc.capture(index)["root"] == sq["id"]
    assert all(node["grad_before"] == 0.0 for node in doc.nodes(index))


def test_operands_grade_opp_backtrack_backprop(out):
    with autograd_tui.record() as recording:
        a, b, c = Scalar(2.0), Scalar(-3.0), Scalar(10.0)
        f = (a * b + c) ** 2
        f.backprop()
    doc = saved(recording, out)
    assert doc.data["engine"] == "styles_recognition.Scalar" and recording.count == 1
    assert_abcd(doc, ("*", "+", "**2"))
    assert HUB.shapes.of(a).found == "names"
    assert (a.grade, b.grade, c.grade) == (-24.0, 16.0, 8.0)  # the engine's own numbers kept


def test_parents_set_and_backwardpropagation(out):
    with autograd_tui.record() as recording:
        a, b = Parented(0.5, op=""), Parented(1.0)
        a.label = "a"
        h = (a * b).tanh()
        h.backwardpropagation()
    doc = saved(recording, out)
    t = math.tanh(0.5)
    tanh = by_op(doc, "tanh")
    mul = by_op(doc, "*")
    assert tanh["data"] == t and mul["data"] == 0.5
    assert mul["children"] == [doc.by_label("a")["id"], doc.by_label("b")["id"]]
    assert mul["ordered"] is True  # a set, put in order by the constructor's (self, other)
    assert tanh["probe"] == [{"child": mul["id"], "local": 1 - t, "mode": "add"}]  # the bug
    assert doc.by_label("a")["grad"] == (1 - t) * 1.0
    assert doc.capture()["fired"] == [tanh["id"], mul["id"]]


def test_a_step_given_the_upstream_grad(out):
    with autograd_tui.record() as recording:
        a, b, c = GradFn(2.0), GradFn(-3.0), GradFn(10.0)
        f = a * b + c
        f.backward()
    doc = saved(recording, out)
    ida, idb = doc.by_label("a")["id"], doc.by_label("b")["id"]
    mul, add = by_op(doc, "*"), by_op(doc, "+")
    assert mul["probe"] == [{"child": ida, "local": -3.0, "mode": "add"},
                            {"child": idb, "local": 2.0, "mode": "assign"}]
    assert add["probe"][0] == {"child": mul["id"], "local": 1.0, "mode": "add"}
    assert (doc.by_label("a")["grad"], doc.by_label("b")["grad"]) == (-3.0, 2.0)
    assert doc.capture()["fired"] == [add["id"], mul["id"]]


def test_dezero_variables_and_functions(out):
    with autograd_tui.record() as recording:
        a, b, c = Variable(2.0), Variable(-3.0), Variable(10.0)
        f = Square()(a * b + c)
        f.backward()
    doc = saved(recording, out)
    assert doc.data["engine"] == "styles_recognition.Variable"
    assert_abcd(doc, ("Mul", "Add", "Square"), source="backward(gy)")
    assert (a.grad, b.grad, c.grad, f.grad) == (-24.0, 16.0, 8.0, None)  # DeZero freed f's
    assert doc.by_label("a")["line"] == by_op(doc, "Square")["line"] - 1  # not Function's


def test_dezero_saved_without_a_recording(out):
    a, b, c = Variable(2.0), Variable(-3.0), Variable(10.0)
    f = Square()(a * b + c)
    f.backward(retain_grad=True)  # without a recording, freed grads could not be seen
    autograd_tui.save(f, out)
    doc = read(out)
    grads = [(n["op"], n["data"], n["grad"]) for n in doc.nodes()]
    assert grads == [("", 2.0, -24.0), ("", -3.0, 16.0), ("Mul", -6.0, 8.0), ("", 10.0, 8.0),
                     ("Add", 4.0, 8.0), ("Square", 16.0, 1.0)]
    assert doc.nodes()[5]["probe"] == [{"child": 4, "local": 8.0, "mode": "add",
                                        "from": "backward(gy)"}]


def test_dezero_a_backward_that_ignores_gy_and_a_second_pass(out):
    with autograd_tui.record() as recording:
        a, b = Variable(0.5), Variable(2.0)
        e = Exp()(a * b)
        e.backward()
        e.backward()  # the grads were not cleared
    doc = saved(recording, out)
    exp = by_op(doc, "Exp")
    assert exp["data"] == math.e
    assert exp["probe"] == [{"child": by_op(doc, "Mul")["id"], "local": math.e,
                             "mode": "ignores-upstream", "from": "backward(gy)"}]
    assert doc.by_label("a", 0)["grad"] == 2 * math.e and doc.by_label("a", 0)["grad_before"] == 0.0
    assert doc.by_label("a", 1)["grad_before"] == 2 * math.e
    assert doc.by_label("a", 1)["grad"] == 4 * math.e


def test_dezero_on_numpy_arrays(out):
    numpy = pytest.importorskip("numpy")
    with autograd_tui.record() as recording:
        a, b, c = (Variable(numpy.array(x)) for x in (2.0, -3.0, 10.0))
        f = styles.square(a * b + c)
        f.backward()
    doc = saved(recording, out)
    assert_abcd(doc, ("Mul", "Add", "Square"), source="backward(gy)")


def test_a_free_function_pass_in_a_training_loop(out):
    with autograd_tui.record() as recording:
        w, x = Loose(2.0), Loose(-3.0)
        for step in range(3):
            c = Loose(10.0)
            f = w * x + c
            free_backward(f)  # CALLS FREE
            w.data -= 0.5 * w.grad   # updates before the pass is seen to end
            w.grad = x.grad = 0.0
    doc = saved(recording, out)
    assert recording.count == 3
    for index, w_data in enumerate((2.0, 3.5, 5.0)):
        mul, add = by_op(doc, "*", index), by_op(doc, "+", index)
        w_node = doc.by_label("w", index)
        assert (w_node["data"], w_node["grad"]) == (w_data, -3.0)
        assert doc.by_label("x", index)["grad"] == w_data
        assert mul["data"] == w_data * -3.0 and add["grad"] == 1.0
        assert add["grad_before"] == 0.0
        assert mul["probe"][0] == {"child": w_node["id"], "local": -3.0, "mode": "add"}
        assert doc.capture(index)["fired"] == [add["id"], mul["id"]]
        assert doc.capture(index)["call"]["line"] == _line_in_test("# CALLS FREE")
    assert (w.data, w.grad) == (6.5, 0.0)


def _line_in_test(marker: str) -> int:
    with open(__file__, encoding="utf-8") as stream:
        for number, text in enumerate(stream, 1):
            if marker in text and "_line_in_test" not in text:
                return number
    raise AssertionError(marker)


def test_a_pass_method_of_an_unknown_name_is_learned(out):
    with autograd_tui.record() as recording:
        a, b = Learned(2.0), Learned(-3.0)
        f = a * b
        f.propagate()
        assert isinstance(vars(Learned)["_backward"], Watch)
        f.grad = a.grad = b.grad = 0.0
        f.propagate()  # wrapped now: a recognised pass, which ends the first one
        assert "_backward" not in vars(Learned)
        assert HUB.shapes.of(a).passes == ("propagate",)
    doc = saved(recording, out)
    assert recording.count == 2
    for index in (0, 1):
        assert doc.by_label("a", index)["grad"] == -3.0
        assert doc.by_label("b", index)["grad"] == 2.0
        assert doc.capture(index)["root"] == doc.by_label("f", index)["id"]
    assert "propagate" not in vars(Learned) or not hasattr(vars(Learned)["propagate"],
                                                           "__wrapped__")  # put back


def test_unfamiliar_names_found_by_behaviour(out):
    with autograd_tui.record() as recording:
        a, b, c = Odd(2.0), Odd(-3.0), Odd(10.0)
        f = a * b + c
        f.backward()
    doc = saved(recording, out)
    shape = HUB.shapes.of(a)
    assert (shape.data, shape.grad, shape.children, shape.backward, shape.op) == (
        "amount", "slope", "srcs", "push", None)
    assert shape.found == "behaviour"
    mul = next(n for n in doc.nodes() if n["data"] == -6.0)
    assert mul["op"] is None
    assert mul["probe"] == [{"child": doc.by_label("a")["id"], "local": -3.0, "mode": "add"},
                            {"child": doc.by_label("b")["id"], "local": 2.0, "mode": "add"}]
    assert [doc.by_label(x)["grad"] for x in "abc"] == [-3.0, 2.0, 1.0]


def test_a_grad_set_before_the_data_is_diagnosed_then_named(out, monkeypatch):
    monkeypatch.delenv("AUTOGRAD_TUI_ROLES", raising=False)
    with autograd_tui.record() as recording:
        a, b = Swapped(2.0), Swapped(-3.0)
        (a * b).backward()
    assert recording.count == 0
    [entry] = diagnose(recording)
    assert entry["message"].startswith("styles_recognition.Swapped has inputs in `srcs`")
    assert "AUTOGRAD_TUI_ROLES=data=...,grad=..." in entry["message"]
    assert entry["file"].endswith("styles_recognition.py")
    assert entry["line"] == line_of("class Swapped")
    HUB.reset()
    monkeypatch.setenv("AUTOGRAD_TUI_ROLES", "data=amount, grad=slope")
    with autograd_tui.record() as recording:
        a, b = Swapped(2.0), Swapped(-3.0)
        f = a * b
        f.backward()
    doc = saved(recording, out)
    assert recording.count == 1 and HUB.shapes.of(a).found == "roles"
    assert (doc.by_label("a")["grad"], doc.by_label("b")["grad"]) == (-3.0, 2.0)
    assert diagnose(recording) == []


def test_a_hidden_backward_is_the_bug_reported():
    with autograd_tui.record() as recording:
        a, b = Hidden(2.0), Hidden(3.0)
        f = a + b
        f.backward()
    assert recording.count == 0 and f.grad == 0.0
    entries = diagnose(recording)
    assert len(entries) == 1
    entry = entries[0]
    assign, method = line_of("# HIDES"), line_of("# HIDDEN")
    assert entry["line"] == assign and entry["file"].endswith("styles_recognition.py")
    assert entry["message"].startswith("Hidden.__init__ sets self.backward on every value, "
                                       f"hiding the method Hidden.backward (line {method})")
    assert HUB.shapes.of(a).hidden == "backward"


def test_a_pass_never_called_is_diagnosed():
    with autograd_tui.record() as recording:
        product = Parented(1.0) * Parented(2.0)
    assert recording.count == 0 and product.data == 2.0
    [entry] = diagnose(recording)
    assert "backwardpropagation() was never called" in entry["message"]


def test_roles_are_parsed_and_checked():
    assert parse_roles(" grad = grade ,children=_operands,pass=backprop") == (
        {"grad": "grade", "children": "_operands", "pass": "backprop"}, ())
    roles, problems = parse_roles("grad=class,size=n,oops")
    assert roles == {} and len(problems) == 3


def test_micrograd_forward_is_left_alone():
    micrograd = pytest.importorskip("micrograd.engine")
    with autograd_tui.record():
        x = micrograd.Value(1.0) * 2.0
        assert not any(isinstance(v, Watch) for v in vars(micrograd.Value).values())
        assert not hasattr(vars(micrograd.Value)["__mul__"], "__wrapped__")
        x.backward()


def run_script(tmp_path, source, env=None):
    (tmp_path / "script.py").write_text(textwrap.dedent(source))
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join((PYTHON_DIR, TESTS_DIR))
    environment.pop("AUTOGRAD_TUI_ROLES", None)
    environment.update(env or {})
    done = subprocess.run([sys.executable, "-m", "autograd_tui", "run", "--capture",
                           "out.json", "script.py"], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=120)
    path = tmp_path / "out.json"
    return done, (json.loads(path.read_text()) if path.exists() else None)


@pytest.mark.parametrize("body", [
    "a, b, c = Loose(2.0), Loose(-3.0), Loose(10.0)\nf = a * b + c\nfree_backward(f)\n",
    "a, b, c = Variable(2.0), Variable(-3.0), Variable(10.0)\nf = a * b + c\nf.backward()\n",
    "a, b, c = Scalar(2.0), Scalar(-3.0), Scalar(10.0)\nf = a * b + c\nf.backprop()\n",
])
def test_the_runner_captures_each_style(tmp_path, body):
    done, doc = run_script(tmp_path, "from styles_recognition import *\n" + body)
    assert done.returncode == 0, done.stderr
    nodes = doc["captures"][0]["nodes"]
    grads = {n["label"]: n["grad"] for n in nodes if n["label"] in ("a", "b", "c", "f")}
    assert grads == {"a": -3.0, "b": 2.0, "c": 1.0, "f": 1.0}
    assert doc["captures"][0]["call"] == {"file": "script.py", "line": 4}


def test_the_runner_with_roles_named(tmp_path):
    body = """\
        from styles_recognition import Swapped
        a, b = Swapped(2.0), Swapped(-3.0)
        f = a * b
        f.backward()
        """
    done, doc = run_script(tmp_path, body)
    assert done.returncode == 3 and doc["calls"] == 0
    assert "AUTOGRAD_TUI_ROLES=" in doc["diagnosis"][0]["message"]
    done, doc = run_script(tmp_path, body, {"AUTOGRAD_TUI_ROLES": "grad=slope,data=amount"})
    assert done.returncode == 0, done.stderr
    assert {n["label"]: n["grad"] for n in doc["captures"][0]["nodes"]} == {
        "a": -3.0, "b": 2.0, "f": 1.0}
