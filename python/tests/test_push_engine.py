"""A recursive "push" engine: each step calls its inputs' ``backward(g)`` (finding 2).

The probe must measure one step alone (the inputs' own steps held back), and the firings of
such an engine, which run inside each other and once per path, are no schedule to judge:
``fired`` is left out. The engines are the fixtures ``verdict_styles/push_recursive*.py``;
their numbers are derived by hand there (c = -0.6, d = -0.1 at a = 0.5, b = -1.2).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any, Dict

from conftest import PYTHON_DIR, TESTS_DIR

STYLES = os.path.join(TESTS_DIR, "verdict_styles")


def capture_of(tmp_path: Any, fixture: str) -> Dict[str, Any]:
    """The one capture of running ``fixture`` under the bridge."""
    out = str(tmp_path / "capture.json")
    environment = dict(os.environ, PYTHONPATH=PYTHON_DIR)
    subprocess.run([sys.executable, "-m", "autograd_tui", "run", "--capture", out,
                    os.path.join(STYLES, fixture)], cwd=tmp_path, env=environment,
                   capture_output=True, text=True, timeout=120, check=True)
    with open(out, encoding="utf-8") as stream:
        return json.load(stream)["captures"][0]


def probes(capture: Dict[str, Any]) -> Dict[str, Dict[str, float]]:
    """Each labelled node's probed locals, keyed by its inputs' labels."""
    labels = {node["id"]: node["label"] for node in capture["nodes"]}
    return {node["label"]: {labels[entry["child"]]: entry["local"] for entry in node["probe"]}
            for node in capture["nodes"] if node.get("probe")}


def test_each_step_of_a_push_engine_is_probed_alone(tmp_path: Any) -> None:
    capture = capture_of(tmp_path, "push_recursive.py")
    found = probes(capture)
    assert found["m"] == {"d": -0.6, "c": 0.5 * -1.2 + 0.5}  # m = d * c: c's local is d
    assert found["d"] == {"c": 1.0, "a": 1.0}  # not 1 + b through c
    assert found["c"] == {"a": -1.2, "b": 0.5}
    assert all(entry["mode"] == "add" for node in capture["nodes"]
               for entry in node.get("probe", []))
    assert "fired" not in capture  # c fired once per path, rightly: not a schedule


def test_a_wrong_local_of_a_push_engine_is_still_measured(tmp_path: Any) -> None:
    found = probes(capture_of(tmp_path, "push_recursive_bug.py"))
    assert found["m"] == {"d": -0.6, "c": -0.6}  # the bug passes c its own data
    assert found["c"] == {"a": -1.2, "b": -1.2}


def test_a_pull_engine_keeps_its_firing_order(tmp_path: Any) -> None:
    capture = capture_of(tmp_path, "recursive_no_visited.py")
    assert len(capture["fired"]) == 4  # L, d, c, c: the schedule the verdict judges
