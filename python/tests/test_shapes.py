"""Engines other than micrograd, found by duck typing: other attribute names, __slots__,
unhashable nodes, no op attribute, local grads, op subclasses, deep chains."""

from __future__ import annotations

import sys

import autograd_tui
from autograd_tui.recorder import HUB
from autograd_tui.shape import Shapes
from autograd_tui.walk import walk
from conftest import read
from engine_shapes import Chain, LocalGrads, NoOp, OpSubclasses, Slotted, Unhashable


def test_shapes_are_resolved_by_attribute_names():
    shapes = Shapes()
    slotted = shapes.of(Slotted(1.0))
    assert (slotted.data, slotted.grad, slotted.children, slotted.op, slotted.label,
            slotted.backward, slotted.local_grads) == (
        "value", "gradient", "_inputs", "_operation", "name", "_backward", None)
    unhashable = shapes.of(Unhashable(1.0))
    assert (unhashable.data, unhashable.grad, unhashable.children, unhashable.op,
            unhashable.label) == ("v", "derivative", "parents", "op", "_label")
    no_op = shapes.of(NoOp(1.0))
    assert (no_op.data, no_op.children, no_op.op, no_op.label) == (
        "output", "children", None, None)
    local = shapes.of(LocalGrads(1.0))
    assert (local.children, local.backward, local.local_grads) == (
        "_children", None, "_local_grads")
    assert shapes.of(3.0) is None and shapes.of("text") is None and shapes.of([1]) is None


def test_slots_and_other_names(out):
    a = Slotted(2.0, name="a")
    b = Slotted(3.0, name="b")
    c = a * b
    c.name = "c"
    d = c + a
    d.backward()
    autograd_tui.save(d, out)
    doc = read(out)
    assert doc.data["engine"] == "engine_shapes.Slotted"
    ida, idb, idc = (doc.by_label(x)["id"] for x in "abc")
    assert doc.by_label("c")["children"] == [ida, idb]
    assert doc.by_label("c")["ordered"] is True
    assert doc.by_label("c")["op"] == "mul"
    assert doc.by_label("c")["data"] == 6.0
    assert doc.by_label("a")["grad"] == 4.0
    assert doc.probe("c") == {"a": {"child": ida, "local": 3.0, "mode": "add"},
                              "b": {"child": idb, "local": 2.0, "mode": "add"}}
    assert doc.probe("d")["c"]["mode"] == "add"
    assert [x.gradient for x in (a, b, c, d)] == [4.0, 2.0, 1.0, 1.0]


def test_unhashable_nodes(out):
    a = Unhashable(2.0, _label="a")
    b = Unhashable(2.0, _label="b")  # equal to a, but another node
    c = a * b
    c._label = "c"
    c.backward()
    autograd_tui.save(c, out)
    doc = read(out)
    assert len(doc.nodes()) == 3
    assert doc.by_label("c")["children"] == [doc.by_label("a")["id"], doc.by_label("b")["id"]]
    assert doc.by_label("c")["op"] == "mul"
    assert doc.by_label("a")["op"] is None
    assert doc.probe("c")["a"]["local"] == 2.0


def test_no_op_attribute_gives_null_everywhere(out):
    x = NoOp(1.5)
    y = NoOp(2.0)
    z = x * y + x
    z.backward()
    autograd_tui.save(z, out)
    doc = read(out)
    assert [n["op"] for n in doc.nodes()] == [None] * 4
    assert doc.by_label("z")["data"] == 4.5
    assert doc.by_label("x")["grad"] == 3.0
    assert all(n["ordered"] for n in doc.nodes())


def test_op_subclasses_with_backward_methods(out):
    a = OpSubclasses(2.0)
    b = OpSubclasses(5.0)
    c = a * b + a
    c.backward()
    autograd_tui.save(c, out)
    doc = read(out)
    assert doc.data["engine"] == "engine_shapes.OpSubclasses"
    mul = next(n for n in doc.nodes() if n["op"] == "*")
    assert [e["local"] for e in mul["probe"]] == [5.0, 2.0]
    assert doc.by_label("c")["op"] == "+"
    assert doc.by_label("a")["grad"] == 6.0


def test_an_engine_of_local_grads(out):
    a = LocalGrads(2.0)
    b = LocalGrads(3.0)
    c = a * b + a
    c.backward()
    autograd_tui.save(c, out)
    doc = read(out)
    assert doc.by_label("a")["grad"] == 4.0
    assert [e["from"] for e in doc.by_label("c")["probe"]] == ["_local_grads"] * 2


def test_a_chain_deeper_than_the_recursion_limit_through_the_general_walk():
    depth = sys.getrecursionlimit() * 5
    x = Chain(1.0)
    y = x
    for _ in range(depth):
        y = y + 1.0
    y.backward()
    graph = walk(y, HUB.shapes)
    assert len(graph) == 1 + 2 * depth
    assert graph.root == len(graph) - 1
    assert all(kid < number for number, kids in enumerate(graph.children) for kid in kids)


def test_a_deep_chain_is_saved(out):
    depth = sys.getrecursionlimit() * 5
    x = Chain(1.0)
    y = x
    for _ in range(depth):
        y = y * 1.0
    y.backward()
    autograd_tui.save(y, out)
    doc = read(out)
    assert len(doc.nodes()) == 1 + 2 * depth
    assert doc.by_label("x")["grad"] == 1.0
    assert doc.by_label("y")["id"] == doc.capture()["root"]
