"""record(): creation (ordered children, source lines), every backward() call (grad_before,
fired, call site), the patches undone afterwards, save() inside and after."""

from __future__ import annotations

import builtins
import inspect
import json
import sys

import pytest
from micrograd.engine import Value

import autograd_tui
from autograd_tui.recorder import HUB
from conftest import read
from engine_shapes import Chain, Slotted, Unhashable
from engines import ErrorExp, Good, Recursive


def line_of(text: str) -> int:
    """The line number in this file of the first line containing ``text``."""
    lines, start = inspect.getsourcelines(inspect.getmodule(line_of))
    for number, line in enumerate(lines, start=1):
        if text in line and "line_of(" not in line:
            return number
    raise AssertionError(text)


def test_micrograd_creation_and_one_backward(out):
    with autograd_tui.record() as recording:
        a = Value(2.0)  # line: a
        b = Value(-3.0)  # line: b
        c = a * b  # line: c
        d = c + a  # line: d
        s = a * a  # line: s
        L = d + s  # line: L
        L.backward()  # line: backward
    recording.save(out)
    doc = read(out)
    assert doc.data["keep"] == 20
    cap = doc.capture()
    assert cap["kept"] is True and cap["index"] == 0
    ids = {x: doc.by_label(x)["id"] for x in ("a", "b", "c", "d", "s", "L")}
    assert ids == {"a": 0, "b": 1, "c": 2, "d": 3, "s": 4, "L": 5}  # creation order
    assert doc.by_label("c")["children"] == [0, 1]
    assert doc.by_label("d")["children"] == [2, 0]
    assert doc.by_label("s")["children"] == [0, 0]
    assert all(n["ordered"] is True for n in doc.nodes())
    assert all(n["grad_before"] == 0.0 for n in doc.nodes())
    for name in ("a", "b", "c", "d", "s", "L"):
        node = doc.by_label(name)
        assert node["file"] == "tests/test_record.py"
        assert node["line"] == line_of(f"# line: {name}")
    assert cap["call"] == {"file": "tests/test_record.py", "line": line_of("# line: backward")}
    assert cap["root"] == 5 and cap["root_data"] == 0.0
    fired = cap["fired"]  # micrograd's reversed topological order (of a set: any valid one)
    assert sorted(fired) == [2, 3, 4, 5] and fired[0] == 5
    users = {n["id"]: [m["id"] for m in doc.nodes() if n["id"] in m["children"]]
             for n in doc.nodes()}
    assert all(fired.index(user) < fired.index(node) for node in fired for user in users[node])
    assert doc.probe("s")["a"]["local"] == 4.0


def test_constants_made_inside_an_op_get_the_user_line(out):
    with autograd_tui.record() as recording:
        x = Value(1.5)
        y = x - 2  # line: minus
        y.backward()
    recording.save(out)
    nodes = read(out).nodes()
    made_by_minus = [n for n in nodes if n["line"] == line_of("# line: minus")]
    assert len(made_by_minus) == len(nodes) - 1  # 2, -1, -2 * ..., the sum: all that line


def test_not_zeroed_between_two_backward_calls(out):
    with autograd_tui.record() as recording:
        a = Good(2.0, label="a")
        b = Good(3.0, label="b")
        c = a * b
        c.label = "c"
        c.backward()
        c.backward()  # grads not zeroed
    recording.save(out)
    doc = read(out)
    assert len(doc.captures) == 2
    first, second = doc.captures
    by_label = {n["label"]: n for n in first["nodes"]}
    assert [by_label[x]["grad_before"] for x in "abc"] == [0.0, 0.0, 0.0]
    by_label = {n["label"]: n for n in second["nodes"]}
    assert [by_label[x]["grad_before"] for x in "abc"] == [3.0, 2.0, 1.0]
    assert [by_label[x]["grad"] for x in "abc"] == [6.0, 4.0, 1.0]


def test_recursive_backward_fires_a_node_before_all_its_users(out):
    with autograd_tui.record() as recording:
        a = Recursive(2.0, label="a")
        b = Recursive(3.0, label="b")
        x = a * b
        x.label = "x"
        y = x + a
        y.label = "y"
        z = x * y
        z.label = "z"
        z.backward()
    recording.save(out)
    doc = read(out)
    ids = {n["label"]: n["id"] for n in doc.nodes()}
    fired = doc.capture()["fired"]
    assert fired == [ids["z"], ids["x"], ids["y"], ids["x"]]
    assert ids["x"] in doc.by_label("y")["children"]
    assert fired.index(ids["x"]) < fired.index(ids["y"])  # x fired before its user y


def test_a_backward_that_raises_is_captured_and_the_error_passes(out):
    with autograd_tui.record() as recording:
        x = ErrorExp(0.5, label="x")
        e = x.exp() + x
        e.label = "e"
        with pytest.raises(AttributeError):
            e.backward()
    recording.save(out)
    cap = read(out).capture()
    assert cap["raised"] == "AttributeError: 'ErrorExp' object has no attribute 'dta'"
    nodes = {n["label"]: n for n in cap["nodes"]}
    exp = next(n["id"] for n in cap["nodes"] if n["op"] == "exp")
    assert cap["fired"] == [nodes["e"]["id"], exp]
    assert next(n for n in cap["nodes"] if n["op"] == "exp")["probe"][0]["mode"] == "error"


def test_patches_are_undone():
    init, backward, build = Value.__init__, Value.backward, builtins.__build_class__
    with autograd_tui.record():
        assert Value.__init__ is not init and Value.backward is not backward
        assert Value.__init__.__wrapped__ is init
        assert builtins.__build_class__ is not build
    assert Value.__init__ is init and Value.backward is backward
    assert builtins.__build_class__ is build
    assert "__init__" not in vars(Good) or vars(Good)["__init__"].__name__ == "__init__"
    assert not hasattr(Good.__init__, "__wrapped__")


def test_the_spy_is_removed_after_each_backward():
    with autograd_tui.record():
        a = Value(1.0)
        b = a * 2
        b.backward()
        assert "_backward" not in vars(Value)
        assert callable(b._backward) and b._backward.__name__ == "_backward"


def test_a_class_defined_while_recording_is_recorded(out):
    with autograd_tui.record() as recording:
        class Late:
            def __init__(self, data, children=()):
                self.data = data
                self.grad = 0.0
                self._prev = set(children)
                self._backward = lambda: None

            def __add__(self, other):
                out = Late(self.data + other.data, (self, other))

                def _backward():
                    self.grad += out.grad
                    other.grad += out.grad
                out._backward = _backward
                return out

            def backward(self):
                self.grad = 1.0
                self._backward()

        p = Late(1.0)
        q = Late(2.0)
        r = q + p  # line: late
        r.backward()
    recording.save(out)
    doc = read(out)
    assert doc.by_label("r")["children"] == [doc.by_label("q")["id"], doc.by_label("p")["id"]]
    assert doc.by_label("r")["ordered"] is True
    assert doc.by_label("r")["line"] == line_of("# line: late")
    assert doc.capture()["fired"] == [doc.by_label("r")["id"]]
    assert not hasattr(Late.__init__, "__wrapped__")


def test_slots_and_unhashable_while_recording(out):
    with autograd_tui.record() as recording:
        a = Slotted(2.0, name="a")
        b = a * a
        b.name = "b"
        b.backward()
        u = Unhashable(3.0, _label="u")
        w = u * u
        w._label = "w"
        w.backward()
    recording.save(out)
    doc = read(out)
    assert doc.by_label("b", 0)["children"] == [0, 0]
    assert doc.by_label("b", 0)["grad_before"] == 0.0
    assert doc.capture(0)["fired"] == [1]
    assert doc.by_label("w", 1)["children"] == [0, 0]
    assert doc.by_label("w", 1)["line"] == line_of('w = u * u')
    assert doc.data["engine"] == "engine_shapes.Unhashable"


def test_save_inside_record_uses_the_recorded_capture(out):
    with autograd_tui.record():
        a = Value(2.0)
        b = a * 3
        b.backward()
        a.grad = 100.0  # changed after backward(): the capture shows the state after it
        autograd_tui.save(b, out)
    node = read(out).by_label("a")
    assert node["grad"] == 3.0 and node["grad_before"] == 0.0
    assert read(out).capture()["fired"] == [2]  # b; 3 became leaf 1


def test_save_after_record_uses_the_creation_log(out):
    with autograd_tui.record():
        a = Value(2.0)
        b = Value(5.0)
        c = b * a  # line: after
    c.backward()  # not recorded: outside the block
    autograd_tui.save(c, out)
    doc = read(out)
    assert doc.by_label("c")["children"] == [doc.by_label("b")["id"], doc.by_label("a")["id"]]
    assert doc.by_label("c")["ordered"] is True
    assert doc.by_label("c")["line"] == line_of("# line: after")
    assert "grad_before" not in doc.by_label("c") and "fired" not in doc.capture()


def test_nested_recordings_both_capture(out, tmp_path):
    with autograd_tui.record() as outer:
        a = Value(1.0)
        (a * 2).backward()
        with autograd_tui.record() as inner:
            (a * 3).backward()
        assert HUB.recorders == [outer]
        (a * 4).backward()
    assert (outer.count, inner.count) == (3, 1)
    inner.save(out)
    assert read(out).capture()["root_data"] == 3.0


def test_the_document_is_strict_json_with_every_capture(out):
    with autograd_tui.record() as recording:
        for step in range(3):
            a = Value(float(step))
            (a * a + 1).backward()
    assert recording.save(out) == 3
    with open(out) as stream:
        data = json.load(stream)
    assert [c["index"] for c in data["captures"]] == [0, 1, 2]
    assert [c["root_data"] for c in data["captures"]] == [1.0, 2.0, 5.0]


def test_a_chain_deeper_than_the_recursion_limit_while_recording(out):
    depth = sys.getrecursionlimit() * 3
    with autograd_tui.record() as recording:
        x = Chain(1.0)
        y = x
        for _ in range(depth):
            y = y * 1.0
        y.backward()
    recording.save(out)
    cap = read(out).capture()
    assert len(cap["nodes"]) == 1 + 2 * depth
    assert cap["root"] == len(cap["nodes"]) - 1
    assert len(cap["fired"]) == depth and cap["fired"][0] == cap["root"]
    assert cap["nodes"][0]["grad"] == 1.0 and cap["nodes"][0]["grad_before"] == 0.0


def test_micrograd_running_out_of_recursion_is_captured(out):
    depth = sys.getrecursionlimit() * 2
    with autograd_tui.record() as recording:
        y = Value(1.0)
        for _ in range(depth):
            y = y + 1.0
        with pytest.raises(RecursionError):
            y.backward()
    recording.save(out)
    cap = read(out).capture()
    assert cap["raised"].startswith("RecursionError: maximum recursion depth exceeded")
    assert len(cap["nodes"]) == 1 + 2 * depth
    assert "fired" not in cap  # nothing fired: the sort failed first


def test_calls_off_the_schedule_run_the_engine_unwrapped(out, monkeypatch):
    from autograd_tui import store
    monkeypatch.setattr(store, "BUDGET_NODES", 1)
    monkeypatch.setattr(store, "MIN_STRIDE", 4)
    original = Value.__dict__["__init__"]
    inits = []
    with autograd_tui.record(keep=5) as recording:
        w = Value(0.5)
        for step in range(6):
            inits.append(Value.__dict__["__init__"] is original)
            loss = (w * float(step + 1)) ** 2
            loss.backward()  # scheduled
            w.data -= 0.01 * w.grad
            w.grad = 0.0
    recording.save(out)
    assert inits == [False, True, True, True, False, True]  # wrapped only before 0 and 4
    doc = json.loads(open(out).read())
    assert doc["calls"] == 6 and len(doc["captures"]) == 6
    kept = [c["index"] for c in doc["captures"] if c["kept"]]
    assert kept == [0, 4]
    assert [c["root_data"] for c in doc["captures"]][:2] == [0.25, pytest.approx(0.98 ** 2)]
    for capture in doc["captures"]:
        assert capture["call"]["line"] == line_of("loss.backward()  # scheduled")
        if capture["kept"]:
            assert all("file" in node for node in capture["nodes"] if node["children"])
