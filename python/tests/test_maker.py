"""``made_by``: which of the engine's methods made each node, as the capture records it."""

from __future__ import annotations

from typing import Any, Dict

import inspect
import json

import autograd_tui
from conftest import read
from engines import Good


def line_in(function: Any, text: str) -> int:
    """The line of ``function``'s file on which its source contains ``text`` (exactly once)."""
    lines = inspect.getsource(function).splitlines()
    found = [number for number, line in enumerate(lines) if text in line]
    assert len(found) == 1, (text, found)
    return function.__code__.co_firstlineno + found[0]


class Reflective:
    """An engine with no op strings, a reflected subtraction and a helper that wraps numbers."""

    def __init__(self, data: float, children: tuple = ()) -> None:
        self.data = data
        self.grad = 0.0
        self._prev = tuple(children)
        self._backward = lambda: None

    @staticmethod
    def _lift(value: Any) -> "Reflective":
        return value if isinstance(value, Reflective) else Reflective(value)

    def _combine(self, other: Any, data: float, local_self: float, local_other: float,
                 order: tuple) -> "Reflective":
        out = Reflective(data, order)

        def _backward() -> None:
            self.grad += local_self * out.grad
            other.grad += local_other * out.grad
        out._backward = _backward
        return out

    def __rsub__(self, other: Any) -> "Reflective":
        other = self._lift(other)
        return self._combine(other, other.data - self.data, -1.0, 1.0, (self, other))

    def backward(self) -> None:
        self.grad = 1.0
        self._backward()


def made_by(doc: Any) -> Dict[str, Any]:
    """Each labelled or unlabelled node's ``made_by``, keyed by its label or ``#id``."""
    return {node["label"] or f"#{node['id']}": node.get("made_by") for node in doc.nodes()}


def test_a_product_inside_neg_names_both_methods(out: str) -> None:
    with autograd_tui.record() as recording:
        x = Good(0.5, label="x")
        y = -x
        y.label = "y"
        y.backward()
    recording.save(out)
    doc = read(out)
    makers = made_by(doc)
    assert makers["x"] is None  # made by the script, not the engine
    product = makers["y"]
    # a product's operands and arguments are never needed (it commutes), so not read
    made_at = line_in(Good.__mul__, "out = type(self)(")
    assert product == {"method": "__mul__", "file": product["file"], "line": made_at,
                       "outer": "__neg__", "args": [], "operands": []}
    assert product["file"].endswith("engines.py")
    constant = next(n for n in doc.nodes() if n["label"] is None)
    # the -1 wrapped into a node: made by the helper, inside __neg__, no arguments read
    wrapped_at = line_in(Good._wrap, "return other if")
    assert constant["made_by"] == {"method": "_wrap", "file": product["file"],
                                   "line": wrapped_at, "outer": "__neg__", "args": [],
                                   "operands": []}


def test_each_backward_and_the_pass_are_located(out: str) -> None:
    with autograd_tui.record() as recording:
        x = Good(0.5, label="x")
        z = (x * 3.0).tanh()
        z.label = "z"
        z.backward()
    recording.save(out)
    capture = read(out).capture()
    codes = capture["codes"]
    by_node = capture["backward_codes"]
    assert len(by_node) == len(capture["nodes"])
    tanh = read(out).by_label("z")
    entry = codes[by_node[tanh["id"]]]
    # the closure's own first line, inside tanh
    assert entry["line"] == line_in(Good.tanh, "def _backward")
    assert entry["function"] == "tanh" and entry["file"].endswith("engines.py")
    leaves = [node["id"] for node in capture["nodes"] if not node["children"]]
    assert all(by_node[leaf] is None for leaf in leaves)
    backward = Good.backward.__wrapped__ if hasattr(Good.backward, "__wrapped__") \
        else Good.backward
    assert capture["pass_code"] == {"file": entry["file"],
                                    "line": backward.__code__.co_firstlineno,
                                    "function": "backward"}


def test_the_exponent_is_the_methods_number_argument(out: str) -> None:
    with autograd_tui.record() as recording:
        x = Good(3.0, label="x")
        z = x ** 2
        z.label = "z"
        z.backward()
    recording.save(out)
    power = read(out).by_label("z")["made_by"]
    assert power["method"] == "__pow__" and "outer" not in power
    assert power["args"] == [2.0]


def test_a_reflected_method_records_self_first(out: str) -> None:
    with autograd_tui.record() as recording:
        x = Reflective(2.0)
        d = 5 - x
        d.backward()
    recording.save(out)
    doc = read(out)
    nodes = doc.nodes()
    difference = nodes[-1]
    assert difference["made_by"]["method"] == "_combine"
    assert difference["made_by"]["outer"] == "__rsub__"
    x_node = next(n for n in nodes if n["data"] == 2.0)
    five = next(n for n in nodes if n["data"] == 5.0)
    # _combine's own node parameters: self (x), then other (the wrapped 5)
    assert difference["made_by"]["operands"] == [x_node["id"], five["id"]]
    assert difference["made_by"]["args"] == [3.0, -1.0, 1.0]
    assert five["made_by"]["method"] == "_lift"


class MethodStep(Good):
    """A ``_backward`` that is a method of the class for the sums (not a closure in the
    node's ``__dict__``)."""

    def __add__(self, other):
        out = Good.__add__(self, other)
        out.__class__ = MethodStep
        del out._backward
        return out

    def _backward(self):
        for child in self._prev:
            child.grad += self.grad


def test_each_nodes_code_is_read_as_its_backward_attribute_says():
    from micrograd.engine import Value

    from autograd_tui.codes import BackwardCodes, code_of, is_ours, location_json
    from autograd_tui.recorder import HUB
    from autograd_tui.walk import walk
    from engine_shapes import Slotted

    roots = []
    for engine in (Value, Slotted, MethodStep):
        a, b = engine(2.0), engine(-3.0)
        roots.append((a * b + a) * b)
    for root in roots:
        root.backward()
        graph = walk(root, HUB.shapes)
        codes = BackwardCodes.of_graph(graph)
        table = [json.loads(entry) for entry in codes.entries]
        for node, shape, kids, number in zip(graph.nodes, graph.shapes, graph.children,
                                              codes.of_node):
            code = code_of(getattr(node, shape.backward)) if kids else None
            if code is None or is_ours(code):
                assert number == "null"
            else:
                assert table[int(number)] == json.loads(location_json(code))
        assert len(table) == 2  # one place per distinct code: a product's and a sum's
