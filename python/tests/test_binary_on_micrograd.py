"""The whole path on karpathy's micrograd itself: autograd-tui runs the README example
unchanged under this interpreter (which has micrograd installed), replays its graph and
finds nothing wrong; a micrograd whose relu passes the wrong local is caught at relu.

The binary is the one `swift build` makes in the repository, or $AUTOGRAD_TUI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any, Dict

import pytest

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get(
    "AUTOGRAD_TUI", os.path.join(REPOSITORY, ".build", "debug", "autograd-tui"))


def autograd_tui(*arguments: str) -> subprocess.CompletedProcess:
    """Run the binary from the repository's root with this test's interpreter."""
    if not os.access(BINARY, os.X_OK):
        pytest.fail(f"no autograd-tui binary at {BINARY}: run `swift build` first "
                    "(or set AUTOGRAD_TUI)")
    environment = dict(os.environ, AUTOGRAD_TUI_PYTHON=sys.executable)
    return subprocess.run([BINARY, *arguments], cwd=REPOSITORY, env=environment,
                          capture_output=True, text=True, timeout=120)


def trace(*arguments: str) -> Dict[str, Any]:
    """The --json document of a run that must succeed."""
    result = autograd_tui("--json", *arguments)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_micrograd_readme_example_is_judged_correct() -> None:
    document = trace("examples/micrograd_demo.py")
    assert document["verdict"]["kind"] == "none"
    assert document["disagreements"] == []
    # micrograd's _prev is a set: every node came unordered, and every order was found.
    assert document["not_judged"] == {"opaque": [], "unordered": [], "grads_behind": 0,
                                      "freed": [], "values": [], "grads": [],
                                      "count": 0, "of": len(document["nodes"])}
    nodes = document["nodes"]
    root = nodes[document["root"]]
    # The README's own numbers: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773.
    assert round(root["data"], 4) == 24.7041
    leaves = [node for node in nodes if node["op"] == "leaf" or node["op"] == "const"]
    grads = sorted(round(node["grad"], 4) for node in leaves)
    assert 138.8338 in grads and 645.5773 in grads
    # Every grad is the engine's own, to the contract's tolerance.
    for node in nodes:
        assert node["yours"]["grad"] == pytest.approx(node["grad"], rel=1e-9, abs=1e-12)


def test_a_wrong_relu_in_micrograd_itself_is_found(tmp_path: Any) -> None:
    script = tmp_path / "broken_relu.py"
    script.write_text(
        "from micrograd.engine import Value\n"
        "def relu(self):\n"
        "    out = Value(0 if self.data < 0 else self.data, (self,), 'ReLU')\n"
        "    def _backward():\n"
        "        self.grad += out.grad  # the local 1 where out > 0, but also where it is 0\n"
        "    out._backward = _backward\n"
        "    return out\n"
        "Value.relu = relu\n"
        "a = Value(-3.0)\n"
        "b = Value(2.0)\n"
        "y = (a * b).relu() + b\n"
        "y.backward()\n")
    document = trace(str(script))
    verdict = document["verdict"]
    assert verdict["kind"] == "local"
    assert verdict["op"] == "relu"
    # relu of a * b = -6: the local is 0, the engine passes 1.
    assert verdict["yours"] == 1.0 and verdict["correct"] == 0.0
    check = autograd_tui("--check", str(script))
    assert check.returncode == 1
