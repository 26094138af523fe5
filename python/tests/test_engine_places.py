"""Where a node was made, and what it is called, for engines outside the value class.

The engine is the value class's methods and closures, the free functions that make nodes
from inputs (``def mul(a, b)``) and the helpers those call to make nodes (``_wrap``); a
node's place is the first frame outside them, in whatever file (findings 4 and 5).
Labels come from the script's variables, a ``for`` loop's variable last.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any, Dict, List

import pytest

from autograd_tui.labels import loop_targets
from conftest import PYTHON_DIR, TESTS_DIR

STYLES = os.path.join(TESTS_DIR, "verdict_styles")
if STYLES not in sys.path:
    sys.path.insert(0, STYLES)

import run_all  # noqa: E402
BINARY = run_all.find_binary()

OPS = '''\
import math
def _wrap(x):
    from .engine import Value
    return x if isinstance(x, Value) else Value(x)
def add(a, b):
    from .engine import Value
    b = _wrap(b)
    out = Value(a.data + b.data, (a, b), '+')
    def _backward():
        a.grad += out.grad; b.grad += out.grad
    out._backward = _backward
    return out
def mul(a, b):
    from .engine import Value
    b = _wrap(b)
    out = Value(a.data * b.data, (a, b), '*')
    def _backward():
        a.grad += b.data * out.grad; b.grad += a.data * out.grad
    out._backward = _backward
    return out
def tanh(a):
    from .engine import Value
    t = math.tanh(a.data)
    out = Value(t, (a,), 'tanh')
    def _backward():
        a.grad += (1 - t) * out.grad   # BUG: 1 - t**2
    out._backward = _backward
    return out
'''
ENGINE = '''\
from . import ops
class Value:
    def __init__(self, data, _children=(), _op=''):
        self.data = data; self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children); self._op = _op
    def __add__(self, other): return ops.add(self, other)
    def __mul__(self, other): return ops.mul(self, other)
    def tanh(self): return ops.tanh(self)
    def backward(self):
        topo, visited = [], set()
        def build(v):
            if v not in visited:
                visited.add(v)
                for c in v._prev: build(c)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo): v._backward()
'''
NN = '''\
from .engine import Value
class Neuron:
    def __init__(self, w):
        self.w = [Value(x) for x in w]
        self.b = Value(0.25)
    def __call__(self, x):
        return (self.w[0] * x[0] + self.w[1] * x[1] + self.b).tanh()
    def parameters(self): return self.w + [self.b]
'''
TRAIN = '''\
from mygrad.nn import Neuron
n = Neuron([0.5, -0.75])
for step in range(2):
    out = n([1.0, -2.0])
    loss = (out + -0.5) * (out + -0.5)
    for p in n.parameters(): p.grad = 0.0
    loss.backward()
    for p in n.parameters(): p.data -= 0.1 * p.grad
'''


def package(tmp_path: Any) -> str:
    """The stranger's package engine (``mygrad``: the class, its ops, a neuron) and a
    training script beside it; returns the script."""
    folder = tmp_path / "mygrad"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "ops.py").write_text(OPS)
    (folder / "engine.py").write_text(ENGINE)
    (folder / "nn.py").write_text(NN)
    (tmp_path / "train.py").write_text(TRAIN)
    return str(tmp_path / "train.py")


def run_bridge(tmp_path: Any, script: str) -> Dict[str, Any]:
    out = str(tmp_path / "capture.json")
    environment = dict(os.environ, PYTHONPATH=PYTHON_DIR)
    subprocess.run([sys.executable, "-m", "autograd_tui", "run", "--capture", out, script],
                   cwd=tmp_path, env=environment, capture_output=True, text=True,
                   timeout=120, check=True)
    with open(out, encoding="utf-8") as stream:
        return json.load(stream)


def line_of(path: str, text: str) -> int:
    with open(path, encoding="utf-8") as stream:
        found = [number for number, line in enumerate(stream, 1) if line.startswith(text)]
    assert len(found) == 1, (text, found)
    return found[0]


def test_an_engine_of_free_functions_is_captured_at_the_callers_lines(tmp_path: Any) -> None:
    path = os.path.join(STYLES, "free_function_ops.py")
    document = run_bridge(tmp_path, path)
    assert document["calls"] == 1
    nodes: List[Dict[str, Any]] = document["captures"][0]["nodes"]
    by_label = {node["label"]: node for node in nodes if node["label"]}
    assert by_label["L"]["line"] == line_of(path, "L = mul(s, a)")
    assert by_label["L"]["made_by"]["method"] == "mul"
    assert by_label["s"]["line"] == line_of(path, "s = sig(n)")
    assert by_label["n"]["made_by"]["method"] == "add"
    assert {label for label in by_label} >= {"a", "b", "c", "n", "s", "L"}


def test_a_package_engine_places_nodes_in_the_learners_files(tmp_path: Any) -> None:
    document = run_bridge(tmp_path, package(tmp_path))
    nodes = document["captures"][-1]["nodes"]
    places = {(node["file"], node["line"]) for node in nodes}
    assert not any(file.endswith("ops.py") for file, _ in places)  # the engine's own
    tanh = next(node for node in nodes if node.get("op") == "tanh")
    assert (tanh["file"], tanh["line"]) == (os.path.join("mygrad", "nn.py"), 7)
    assert tanh["label"] == "out"  # the script's variable
    labels = {node["label"] for node in nodes if not node["children"]}
    assert {"n.w[0]", "n.w[1]", "n.b"} <= labels  # not p, the loop's variable
    loss = next(node for node in nodes if node["label"] == "loss")
    assert (loss["file"], loss["line"]) == ("train.py", 5)


def test_loop_targets_are_the_names_a_for_binds() -> None:
    def looping() -> Any:
        total = 0
        for p in range(2):
            for i, (j, k) in [(0, (1, 2))]:
                total += p + i + j + k
        return sys._getframe()

    def straight() -> Any:
        q = [1]
        z = q[0]
        return sys._getframe() if z else None
    assert loop_targets(looping()) == {"p", "i", "j", "k"}
    assert loop_targets(straight()) == frozenset()


@pytest.mark.skipif(BINARY is None, reason="no autograd-tui binary")
def test_the_verdict_names_the_file_of_a_line_outside_the_script(tmp_path: Any) -> None:
    script = package(tmp_path)
    done = subprocess.run([str(BINARY), "--check", script], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    first = done.stdout.splitlines()[0]
    assert first.startswith(os.path.join("mygrad", "ops.py") + ":25 in tanh: tanh's _backward")
    assert "made at mygrad/nn.py, line 7" in first
