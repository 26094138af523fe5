"""A whole microgpt-style training step, run unchanged: a tiny GPT on an engine that stores
its local derivatives (``_local_grads``) and no operation strings, about 76k nodes.

The engine is right, so its own grads are a second engine's answer: the replay's correct
gradient of every node must agree with them, and the verdict must be ``none`` with nothing
left unjudged. The same model with a gelu that stores a wrong local derivative is caught
at gelu.
"""

from __future__ import annotations

import math
import os
from typing import Any, Dict

from test_binary_on_micrograd import REPOSITORY, autograd_tui, trace

MODEL = "examples/microgpt_style/model.py"
GELU_BUG = "examples/microgpt_style/gelu_bug.py"


def agrees(correct: Any, yours: Any) -> bool:
    """Equal within the judge's tolerance (relative 1e-9, or 1e-12 apart)."""
    if isinstance(correct, str) or isinstance(yours, str):
        return correct == yours
    return math.isclose(correct, yours, rel_tol=1e-9, abs_tol=1e-12)


def test_a_training_step_is_judged_whole_and_right() -> None:
    document: Dict[str, Any] = trace(MODEL)
    nodes = document["nodes"]
    assert len(nodes) > 70_000
    assert document["verdict"]["kind"] == "none", document["verdict"]["message"]
    assert document["not_judged"]["count"] == 0
    wrong = [node["id"] for node in nodes if not agrees(node["grad"], node["yours"]["grad"])]
    assert wrong == []
    # every operation came from the method that made it: none was guessed from the data
    assert not [node for node in nodes if node.get("replay") in ("inferred", "unidentified")]


def test_a_wrong_stored_gelu_derivative_is_found_at_gelu() -> None:
    result = autograd_tui("--check", GELU_BUG)
    assert result.returncode == 1, result.stderr
    first = result.stdout.splitlines()[0]
    # the statement in gelu that stores the local derivative, found in the file itself
    with open(os.path.join(REPOSITORY, GELU_BUG), encoding="utf-8") as stream:
        lines = stream.read().splitlines()
    start = next(n for n, line in enumerate(lines) if "def gelu(" in line)
    stored = next(n for n in range(start, len(lines)) if "(local,)" in lines[n]) + 1
    assert first.startswith(f"{GELU_BUG}:{stored} in gelu: gelu (gelu(")
    assert "stores 0.6046 as its local derivative" in first
