"""Run autograd-tui --json on every verdict-style fixture and compare with its EXPECTED.

Each fixture in this folder is a standalone script with its own small engine, and at its
top a literal ``EXPECTED = {...}`` (read here with ``ast.literal_eval``, never imported):

- ``verdict``: the kind that is true for that engine (``none``, ``local``, ``error``, ...);
- ``method`` (optional): the engine method whose ``_backward`` is wrong; compared with the
  trace's ``verdict["method"]`` when the trace names one, ignored otherwise;
- ``message_contains`` (optional): words the verdict's sentence must contain;
- ``calls`` (optional): how many backward() calls the script makes;
- ``not_judged`` (optional): members of the trace's ``not_judged`` and their sizes (a list's
  length), e.g. ``{"freed": 3}``;
- ``grads``: the correct final gradient of each named leaf, derived by hand, compared with
  ``nodes[i].grad`` of the node whose ``label`` is that name, within 1e-6 relative;
- ``root`` (default ``L``): the variable holding the value backward() is called on, and
  ``finite_differences`` (default True): whether ``--fd`` may check ``grads`` against
  central differences of the root (each leaf's literal in ``name = Value(NUMBER`` nudged,
  the script run again in this process; every fixture's forward pass is right, its bugs
  are in the backward pass only).

Usage::

    python3 python/tests/verdict_styles/run_all.py [FIXTURE ...]
    python3 python/tests/verdict_styles/run_all.py --fd      # only check EXPECTED's grads

The binary is ``$AUTOGRAD_TUI``, else the repository's ``.build/debug/autograd-tui``.
Prints a table; exits 1 if any fixture disagrees.
"""

from __future__ import annotations

import ast
import contextlib
import glob
import io
import json
import math
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
DEFAULT_BINARIES = (os.path.join(REPOSITORY, ".build", "debug", "autograd-tui"),)
NOT_FIXTURES = {"run_all.py", "__init__.py"}
RELATIVE = 1e-6
ABSOLUTE = 1e-9


def find_binary() -> Optional[str]:
    """``$AUTOGRAD_TUI`` when set (even if missing: the caller reports it), else a default."""
    configured = os.environ.get("AUTOGRAD_TUI")
    if configured:
        return configured
    for candidate in DEFAULT_BINARIES:
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def fixtures() -> List[str]:
    """Every fixture script of this folder, by name."""
    paths = glob.glob(os.path.join(HERE, "*.py"))
    return sorted(p for p in paths if os.path.basename(p) not in NOT_FIXTURES)


def read_expected(path: str) -> Dict[str, Any]:
    """The literal ``EXPECTED`` dict at the top level of a fixture, without running it."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), filename=path)
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "EXPECTED"
                for target in statement.targets):
            return ast.literal_eval(statement.value)
    raise ValueError(f"{path}: no EXPECTED = {{...}} at the top level")


@dataclass
class Outcome:
    """What one fixture's run gave, and how it compares."""

    name: str
    expected: Dict[str, Any]
    returncode: Optional[int] = None
    seconds: float = 0.0
    document: Optional[Dict[str, Any]] = None
    stderr: str = ""
    failures: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    grads_ok: Optional[bool] = None

    @property
    def verdict(self) -> Dict[str, Any]:
        """The trace's verdict object, or an empty dict when there is no trace."""
        if self.document is None:
            return {}
        verdict = self.document.get("verdict")
        return verdict if isinstance(verdict, dict) else {}

    @property
    def got(self) -> str:
        """The verdict kind (with its method or op), or how the run ended without a trace."""
        if self.document is None:
            return f"exit {self.returncode}, no trace"
        kind = str(self.verdict.get("kind", "?"))
        where = self.verdict.get("method") or self.verdict.get("op")
        return f"{kind} ({where})" if where and kind != "none" else kind

    @property
    def ok(self) -> bool:
        """Everything compared agrees."""
        return not self.failures


def run(binary: str, path: str, timeout: float = 300.0) -> Outcome:
    """Run ``binary --json path`` from the fixture's folder with this interpreter."""
    outcome = Outcome(os.path.basename(path), read_expected(path))
    environment = dict(os.environ, AUTOGRAD_TUI_PYTHON=sys.executable)
    started = time.monotonic()
    try:
        result = subprocess.run([binary, "--json", path], cwd=HERE, env=environment,
                                capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        outcome.seconds = time.monotonic() - started
        outcome.failures.append(f"timed out after {timeout:.0f} s")
        return outcome
    outcome.seconds = time.monotonic() - started
    outcome.returncode = result.returncode
    outcome.stderr = result.stderr
    try:
        outcome.document = json.loads(result.stdout) if result.stdout.strip() else None
    except json.JSONDecodeError as error:
        outcome.notes.append(f"stdout is not JSON ({error})")
    compare(outcome)
    return outcome


def number(value: Any) -> Optional[float]:
    """A trace number as a float (``"nan"``, ``"inf"``, ``"-inf"`` included), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if value in ("nan", "inf", "-inf"):
        return float(value)
    return None


def close(got: Any, want: Any) -> bool:
    """``got`` is a number within the relative (or, near 0, absolute) tolerance of ``want``."""
    got, want = number(got), number(want)
    if got is None or want is None or math.isnan(got) or math.isnan(want):
        return False
    if math.isinf(got) or math.isinf(want):
        return got == want
    return abs(got - want) <= max(RELATIVE * abs(want), ABSOLUTE)


def labelled(document: Dict[str, Any], label: str) -> List[Dict[str, Any]]:
    """The trace's nodes whose label is ``label``."""
    return [node for node in document.get("nodes", []) if node.get("label") == label]


def compare(outcome: Outcome) -> None:
    """Fill ``failures`` and ``notes`` of an outcome from its trace and its EXPECTED."""
    expected, document = outcome.expected, outcome.document
    if document is None:
        first = outcome.stderr.strip().splitlines()[:1]
        outcome.failures.append(f"no trace (exit {outcome.returncode})")
        if first:
            outcome.notes.append(first[0][:120])
        return
    verdict = outcome.verdict
    if verdict.get("kind") != expected["verdict"]:
        outcome.failures.append(f"verdict {verdict.get('kind')!r}, not {expected['verdict']!r}")
    if "method" in expected:
        if "method" in verdict:
            if verdict["method"] != expected["method"]:
                outcome.failures.append(
                    f"method {verdict['method']!r}, not {expected['method']!r}")
        elif verdict.get("kind") == expected["verdict"]:
            outcome.notes.append("the trace names no method")
    message = str(verdict.get("message", ""))
    for word in expected.get("message_contains", []):
        if word not in message:
            outcome.failures.append(f"the verdict's sentence lacks {word!r}")
    if "calls" in expected:
        calls = (document.get("capture") or {}).get("of")
        if calls != expected["calls"]:
            outcome.failures.append(f"{calls} backward() calls, not {expected['calls']}")
    not_judged = document.get("not_judged") or {}
    for key, want in expected.get("not_judged", {}).items():
        got = not_judged.get(key)
        got = len(got) if isinstance(got, list) else got
        if got != want:
            outcome.failures.append(f"not_judged {key} is {got!r}, not {want!r}")
    outcome.grads_ok = True
    for label, want in expected.get("grads", {}).items():
        nodes = labelled(document, label)
        if len(nodes) != 1:
            outcome.grads_ok = False
            outcome.failures.append(f"{len(nodes)} nodes labelled {label!r}")
        elif not close(nodes[0].get("grad"), want):
            outcome.grads_ok = False
            outcome.failures.append(f"grad {label} = {nodes[0].get('grad')!r}, not {want!r}")
    if outcome.returncode not in (0, 1):
        outcome.notes.append(f"exit {outcome.returncode}")
    if expected["verdict"] == "none":
        differing = [node for node in document.get("nodes", [])
                     if "grad" in (node.get("yours") or {})
                     and not close(node["yours"]["grad"], node.get("grad"))]
        if differing:
            outcome.notes.append(f"replay grad != yours on {len(differing)} nodes")
    if verdict.get("kind") not in (None, "none") and verdict.get("kind") != expected["verdict"]:
        outcome.notes.append(str(verdict.get("message", ""))[:160])


def root_value(source: str, path: str, root: str) -> float:
    """Run a fixture's source in a fresh namespace, quietly; the root's value after it.

    The script may raise or exit after its forward pass (that is what some fixtures are
    about): whatever it ends with, the root's value was computed before.
    """
    namespace: Dict[str, Any] = {"__name__": "__finite_differences__", "__file__": path}
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            # dont_inherit: this module's own `from __future__` must not reach the fixture
            exec(compile(source, path, "exec", dont_inherit=True),  # noqa: S102 (our own)
                 namespace)
        except BaseException:  # noqa: B036 (SystemExit and the fixtures' own errors)
            pass
    return float(namespace[root].data)


def finite_differences(path: str, relative_step: float = 1e-6) -> Dict[str, float]:
    """Central differences of the fixture's root for each leaf named in ``grads``."""
    expected = read_expected(path)
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    root = expected.get("root", "L")
    estimates = {}
    for label in expected.get("grads", {}):
        pattern = re.compile(rf"^({re.escape(label)}\s*=\s*Value\()([-+0-9.eE]+)", re.M)
        match = pattern.search(source)
        if match is None:
            raise ValueError(f"{path}: no `{label} = Value(NUMBER` to nudge")
        value = float(match.group(2))
        step = relative_step * max(1.0, abs(value))
        nudged = [root_value(pattern.sub(lambda m, v=v: m.group(1) + repr(v), source, 1),
                             path, root)
                  for v in (value + step, value - step)]
        estimates[label] = (nudged[0] - nudged[1]) / (2 * step)
    return estimates


def check_finite_differences(paths: List[str]) -> int:
    """Print each fixture's hand-derived grads beside central differences; 1 on a mismatch."""
    mismatches = 0
    for path in paths:
        expected = read_expected(path)
        name = os.path.basename(path)
        if not expected.get("finite_differences", True):
            print(f"{name}: skipped (finite_differences: False)")
            continue
        for label, estimate in finite_differences(path).items():
            want = expected["grads"][label]
            agrees = abs(estimate - want) <= max(1e-5 * abs(want), 1e-7)
            mismatches += not agrees
            print(f"{name}: {label} expected {want!r}, finite differences {estimate:.9g}"
                  f"{'' if agrees else '  MISMATCH'}")
    return 1 if mismatches else 0


def table(outcomes: List[Outcome]) -> str:
    """The outcomes as a Markdown table."""
    rows = [["fixture", "expected", "got", "grads ok", "time", "notes"]]
    for outcome in outcomes:
        want = outcome.expected["verdict"]
        if "method" in outcome.expected:
            want += f" ({outcome.expected['method']})"
        grads = {None: "-", True: "yes", False: "NO"}[outcome.grads_ok]
        mark = "" if outcome.ok else "✗ "
        notes = "; ".join(outcome.failures + outcome.notes) if not outcome.ok else \
            "; ".join(outcome.notes)
        rows.append([outcome.name, want, mark + outcome.got, grads,
                     f"{outcome.seconds:.1f}s", notes.replace("|", "\\|")])
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("---" for _ in rows[0]) + "|")
    return "\n".join(lines)


def main(arguments: List[str]) -> int:
    """Run the named fixtures (default: all), print the table, 1 if any disagrees."""
    if "--fd" in arguments:
        names = [name for name in arguments if name != "--fd"]
        return check_finite_differences(
            [os.path.join(HERE, n if n.endswith(".py") else n + ".py") for n in names]
            or fixtures())
    binary = find_binary()
    if binary is None or not os.access(binary, os.X_OK):
        print(f"no autograd-tui binary (AUTOGRAD_TUI={os.environ.get('AUTOGRAD_TUI')!r}; "
              f"tried {', '.join(DEFAULT_BINARIES)})", file=sys.stderr)
        return 2
    paths = [os.path.join(HERE, name if name.endswith(".py") else name + ".py")
             for name in arguments] or fixtures()
    outcomes = [run(binary, path) for path in paths]
    print(f"binary: {binary}\n")
    print(table(outcomes))
    agreed = sum(outcome.ok for outcome in outcomes)
    print(f"\n{agreed} of {len(outcomes)} fixtures agree")
    return 0 if agreed == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
