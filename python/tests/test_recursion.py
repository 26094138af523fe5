"""Recursion under the bridge (finding 1): a script that works alone works under the tool,
and a pass that raised before any ``_backward`` ran says so and where it was raised.

The chain of ``CHAIN`` products below is deep enough to come within a dozen frames of
Python's default limit of 1000 in micrograd's recursive ``build_topo`` (the stranger saw
985 fail under the bridge and 996 work alone; 994 fails under an unchanged bridge), and the test checks that it does work alone
before asking the same of the bridge.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any, Dict

from conftest import PYTHON_DIR, TESTS_DIR

CHAIN = 994
SCRIPT = textwrap.dedent("""\
    import sys
    sys.path.insert(0, {styles!r})
    from raises_in_topo_sort_engine import Value
    x = Value(0.5)
    L = x
    for _ in range({links}):
        L = L * 1.0001
    L.backward()
    print(sys.getrecursionlimit(), x.grad)
    """)


def engine_module(tmp_path: Any) -> str:
    """The engine of ``verdict_styles/raises_in_topo_sort.py`` alone, as a module."""
    with open(os.path.join(TESTS_DIR, "verdict_styles", "raises_in_topo_sort.py"),
              encoding="utf-8") as stream:
        source = stream.read()
    engine = source[:source.index("\nx = Value(0.5)")]
    (tmp_path / "raises_in_topo_sort_engine.py").write_text(engine)
    return str(tmp_path)


def script(tmp_path: Any, links: int) -> str:
    path = tmp_path / f"chain_{links}.py"
    path.write_text(SCRIPT.format(styles=engine_module(tmp_path), links=links))
    return str(path)


def alone(path: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=120)


def bridged(tmp_path: Any, path: str) -> Dict[str, Any]:
    out = str(tmp_path / "capture.json")
    environment = dict(os.environ, PYTHONPATH=PYTHON_DIR)
    done = subprocess.run([sys.executable, "-m", "autograd_tui", "run", "--capture", out,
                           path], cwd=tmp_path, env=environment, capture_output=True,
                          text=True, timeout=120)
    with open(out, encoding="utf-8") as stream:
        document = json.load(stream)
    document["stdout"] = done.stdout
    return document


def test_a_chain_that_works_alone_works_under_the_bridge(tmp_path: Any) -> None:
    path = script(tmp_path, CHAIN)
    plain = alone(path)
    assert plain.returncode == 0, plain.stderr[-500:]
    document = bridged(tmp_path, path)
    assert document["outcome"] == {"kind": "finished"}
    assert "raised" not in document["captures"][0]
    assert document["stdout"] == plain.stdout  # the same limit read, the same grad


def test_a_pass_that_raised_in_its_sort_says_where_and_before_any_step(tmp_path: Any) -> None:
    path = script(tmp_path, 3000)
    assert alone(path).returncode != 0  # too deep alone too
    capture = bridged(tmp_path, path)["captures"][0]
    assert capture["raised"].startswith("RecursionError")
    assert capture["raised_before_steps"] is True
    site = capture["raised_code"]
    assert site["function"] == "build_topo"
    assert site["file"].endswith("raises_in_topo_sort_engine.py")


def test_a_step_that_raised_is_not_before_the_steps(tmp_path: Any) -> None:
    document = bridged(tmp_path, os.path.join(TESTS_DIR, "verdict_styles",
                                              "backward_raises.py"))
    capture = document["captures"][0]
    assert capture["raised"].startswith("TypeError")
    assert "raised_before_steps" not in capture
    assert capture["raised_code"]["function"] == "_backward"  # tanh's, where 1 - out ** 2
