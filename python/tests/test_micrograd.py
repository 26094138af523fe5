"""Karpathy's micrograd itself (from PyPI): the fields of a capture after save()."""

from __future__ import annotations

import json
import random
import sys

import numpy as np
import pytest
from micrograd.engine import Value
from micrograd.nn import MLP

import autograd_tui
from autograd_tui import fastpath
from conftest import read


def test_document_header(out):
    a = Value(2.0)
    b = a * 3
    b.backward()
    autograd_tui.save(b, out)
    doc = read(out).data
    assert doc["format"] == "autograd-capture/1"
    assert doc["engine"] == "micrograd.engine.Value"
    assert doc["bridge"]["name"] == "autograd_tui"
    assert doc["keep"] is None
    assert [c["index"] for c in doc["captures"]] == [0]
    assert doc["captures"][0]["kept"] is True


def test_fields_of_every_node(out):
    a = Value(2.0)
    b = Value(-3.0)
    c = a * b
    d = c + a
    e = d.relu()
    f = a ** 2
    L = e + f
    L.backward()
    autograd_tui.save(L, out)
    doc = read(out)
    cap = doc.capture()
    nodes = doc.nodes()
    assert cap["root"] == doc.by_label("L")["id"]
    assert cap["root_data"] == 4.0
    assert "call" not in cap and "fired" not in cap
    assert sorted(n["id"] for n in nodes) == list(range(7))
    assert [doc.by_label(x)["op"] for x in "abcdefL"] == ["", "", "*", "+", "ReLU", "**2", "+"]
    assert [doc.by_label(x)["data"] for x in "abcdefL"] == [2.0, -3.0, -6.0, -4.0, 0, 4.0, 4.0]
    assert [doc.by_label(x)["grad"] for x in "abcdefL"] == [4.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    for node in nodes:
        assert node["ordered"] is (not node["children"])  # _prev is a set
        assert all(child < node["id"] for child in node["children"])
        assert "file" not in node and "line" not in node and "grad_before" not in node
    ids = {x: doc.by_label(x)["id"] for x in "abcdefL"}
    assert sorted(doc.by_label("c")["children"]) == sorted([ids["a"], ids["b"]])
    assert doc.by_label("e")["children"] == [ids["d"]]
    assert {k: (v["local"], v["mode"]) for k, v in doc.probe("f").items()} == {
        "a": (4.0, "add")}
    assert {k: (v["local"], v["mode"]) for k, v in doc.probe("c").items()} == {
        "a": (-3.0, "add"), "b": (2.0, "add")}
    assert doc.probe("e")["d"] == {"child": ids["d"], "local": 0.0, "mode": "add"}


def test_a_times_a_has_one_child_in_a_set(out):
    a = Value(3.0)
    s = a * a
    s.backward()
    autograd_tui.save(s, out)
    node = read(out).by_label("s")
    assert node["children"] == [read(out).by_label("a")["id"]]
    assert node["ordered"] is False
    assert node["probe"][0]["local"] == 6.0


def test_constants_made_inside_ops_are_leaves_without_a_name(out):
    x = Value(1.5)
    y = x * 2 + 1
    y.backward()
    autograd_tui.save(y, out)
    doc = read(out)
    leaves = [n for n in doc.nodes() if not n["children"]]
    assert sorted(n["data"] for n in leaves) == [1.0, 1.5, 2.0]
    assert sorted(str(n["label"]) for n in leaves) == ["None", "None", "x"]


def test_labels_inside_lists_and_objects(out):
    random.seed(3)
    model = MLP(2, [2, 1])
    xs = [[Value(1.0), Value(-2.0)]]
    out_node = model(xs[0])
    loss = out_node * out_node
    loss.backward()
    autograd_tui.save(loss, out)
    doc = read(out)
    labels = {n["label"] for n in doc.nodes()}
    assert "loss" in labels and "out_node" in labels
    assert "xs[0][0]" in labels and "xs[0][1]" in labels
    assert "model.layers[0].neurons[1].b" in labels
    assert "model.layers[0].neurons[1].w[0]" in labels
    assert "model.layers[1].neurons[0].w[1]" in labels
    b = doc.by_label("model.layers[0].neurons[1].b")
    assert b["data"] == model.layers[0].neurons[1].b.data
    assert b["grad"] == model.layers[0].neurons[1].b.grad


def test_the_shortest_name_wins(out):
    a = Value(1.0)
    pair = [a]
    b = a + a
    b.backward()
    autograd_tui.save(b, out)
    assert read(out).nodes()[0]["label"] == "a"
    assert pair  # both bind it


def test_numpy_scalars_are_numbers(out):
    a = Value(np.float64(2.5))
    b = Value(np.float32(0.5))
    c = Value(np.int64(3))
    d = a * b + c
    d.backward()
    autograd_tui.save(d, out)
    doc = read(out)
    assert doc.by_label("a")["data"] == 2.5
    assert doc.by_label("b")["data"] == 0.5
    assert doc.by_label("c")["data"] == 3.0
    assert doc.by_label("d")["data"] == 4.25


def test_non_numbers_and_non_finite_numbers(out):
    a = Value(float("nan"))
    b = Value(float("inf"))
    c = Value(-float("inf"))
    d = (a + b) + c
    d.backward()
    a.grad = Value(7.0)  # a Value put into .grad by mistake
    b.grad = "oops"
    autograd_tui.save(d, out)
    with open(out) as stream:
        text = stream.read()
    doc = read(out)
    assert doc.by_label("a")["data"] == "nan"
    assert doc.by_label("b")["data"] == "inf"
    assert doc.by_label("c")["data"] == "-inf"
    assert doc.by_label("a")["grad"] == {"repr": "Value(data=7.0, grad=0)"}
    assert doc.by_label("b")["grad"] == {"repr": "'oops'"}
    assert "NaN" not in text and "Infinity" not in text
    json.loads(text)  # strict JSON


def test_save_does_not_change_the_engine(out):
    a = Value(2.0)
    b = Value(3.0)
    c = (a * b).relu() + a ** 3
    c.backward()
    state = [(v.data, v.grad, v._op, len(v._prev)) for v in (a, b, c)]
    autograd_tui.save(c, out)
    autograd_tui.save(c, out)
    assert [(v.data, v.grad, v._op, len(v._prev)) for v in (a, b, c)] == state
    assert type(a.grad) is float and type(c.grad) is int  # micrograd seeds with int 1


def test_a_chain_deeper_than_the_recursion_limit(out):
    depth = sys.getrecursionlimit() * 3
    x = Value(0.5)
    y = x
    for _ in range(depth):
        y = y * 1.0 + 0.0
    autograd_tui.save(y, out)
    doc = read(out)
    assert len(doc.nodes()) == 1 + depth * 4
    assert doc.capture()["root"] == len(doc.nodes()) - 1


def test_a_wide_graph_takes_the_fast_path(out):
    random.seed(4)
    model = MLP(3, [4, 1])
    loss = model([Value(1.0), Value(2.0), Value(-1.0)])
    loss.backward()
    before = fastpath.used
    autograd_tui.save(loss, out)
    assert fastpath.used == before + 1


def test_not_a_node_is_a_type_error(out):
    with pytest.raises(TypeError, match="is not a micrograd-style value"):
        autograd_tui.save(3.0, out)
    with pytest.raises(autograd_tui.NotANode):
        autograd_tui.save([Value(1.0)], out)
