"""The verdict is right on the engines people actually write (issue 15).

One test per fixture of ``verdict_styles/``: autograd-tui runs the fixture unchanged
(``--json``), and the trace must give the verdict that is true for that engine (its
``EXPECTED``), name the engine method that ran, and carry the correct final gradient of
every named leaf.

The binary is ``$AUTOGRAD_TUI``, else the repository's ``.build/debug/autograd-tui``; with
neither the binary tests are skipped.
The hand-derived grads are also checked against finite differences, with no binary.
"""

from __future__ import annotations

import os
import sys
from typing import List

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
STYLES = os.path.join(HERE, "verdict_styles")
if STYLES not in sys.path:
    sys.path.insert(0, STYLES)

import run_all  # noqa: E402

FIXTURES: List[str] = run_all.fixtures()
BINARY = run_all.find_binary()


def fixture_id(path: str) -> str:
    """The fixture's name without ``.py``, for the test's id."""
    return os.path.splitext(os.path.basename(path))[0]


# A fixture whose root depends on the leaves through a training step too has its grads
# derived by hand only (``"finite_differences": False``).
DIFFERENTIABLE = [path for path in FIXTURES
                  if run_all.read_expected(path).get("finite_differences", True)]


@pytest.mark.parametrize("path", DIFFERENTIABLE, ids=fixture_id)
def test_expected_grads_agree_with_finite_differences(path: str) -> None:
    expected = run_all.read_expected(path)
    for label, estimate in run_all.finite_differences(path).items():
        assert estimate == pytest.approx(expected["grads"][label], rel=1e-5, abs=1e-7), label


@pytest.mark.skipif(BINARY is None, reason="no autograd-tui binary: set AUTOGRAD_TUI "
                                           "or run `swift build`")
@pytest.mark.parametrize("path", FIXTURES, ids=fixture_id)
def test_verdict_on_engine_style(path: str) -> None:
    assert BINARY is not None and os.access(BINARY, os.X_OK), \
        f"AUTOGRAD_TUI={BINARY!r} is not an executable"
    outcome = run_all.run(BINARY, path)
    expected = outcome.expected
    assert outcome.document is not None, \
        f"no trace (exit {outcome.returncode}):\n{outcome.stderr[-2000:]}"
    verdict = outcome.verdict
    assert verdict.get("kind") == expected["verdict"], verdict.get("message")
    if "method" in expected:
        assert verdict.get("method") == expected["method"], verdict.get("message")
    for word in expected.get("message_contains", []):
        assert word in str(verdict.get("message", "")), verdict.get("message")
    if "calls" in expected:
        assert (outcome.document.get("capture") or {}).get("of") == expected["calls"]
    for label, want in expected["grads"].items():
        nodes = run_all.labelled(outcome.document, label)
        assert len(nodes) == 1, f"{len(nodes)} nodes labelled {label!r}"
        assert run_all.close(nodes[0].get("grad"), want), \
            f"grad of {label}: {nodes[0].get('grad')!r}, correct {want!r}"
