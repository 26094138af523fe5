#!/usr/bin/env python3
"""What recording costs a learner: their script alone against the same script under us.

For each script, ``--runs`` pairs of runs, each pair ``python3 SCRIPT ARGS`` then
``autograd-tui --check SCRIPT -- ARGS`` (whole processes, wall clock, in alternating order
so that a slow moment of the machine hits both). Every run's peak resident memory is read
as it ends (``os.wait4``: for autograd-tui, the larger of its own process and the Python
child that runs the script); the Python child's own peak is read by running it through GNU
time (``$AUTOGRAD_TUI_PYTHON`` set to a small wrapper), when ``/usr/bin/time`` is there.
Then, once per script, the bridge writes the capture by itself (``python3 -m autograd_tui
run``, from this checkout's ``python/``) and ``autograd-tui --check CAPTURE`` reads, replays
and judges it: that run's peak is autograd-tui's own, the capture's size what the kept
graphs need. It prints the median of each, the median of the per-pair ratios, and whether
the peak under autograd-tui is within twice the script's own plus the kept graphs.

Usage::

    python3 bench/overhead.py [--binary .build/release/autograd-tui] [--runs 5]
                              [--steps 20] [--microgpt PATH/microgpt.py]

Scripts: ``examples/microgpt_style/model.py STEPS`` (ours, about 76k nodes a step),
``bench/micrograd_train.py STEPS`` (micrograd from PyPI, MLP(2, [16, 16, 1]) on 40 points,
about 27k nodes a step), and Karpathy's microgpt when ``--microgpt`` names a copy that takes
its number of steps as its first argument (run from its own folder, with its
``input.txt``). Every Python run uses the interpreter that runs this script. Nothing is
downloaded. Not a test: it exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Optional, Sequence, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GNU_TIME = "/usr/bin/time"
WRAPPER = """#!/bin/sh
exec %s -f %%M -o "$AUTOGRAD_BENCH_PEAK" %s "$@"
"""
MB = 1024.0  # ru_maxrss and GNU time's %M are in KiB


def run(command: Sequence[str], cwd: str,
        environment: Optional[Dict[str, str]] = None) -> Tuple[float, float]:
    """Run ``command``; its wall-clock seconds and peak resident MiB (its process tree's
    largest process)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=environment)
    assert process.stderr is not None
    errors = process.stderr.read()
    process.stderr.close()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = code = os.waitstatus_to_exitcode(status)  # waited for here
    if code not in (0, 1, 2):
        sys.stderr.write(f"{' '.join(command)} exited {code}:\n"
                         f"{errors.decode(errors='replace')[-2000:]}\n")
    return elapsed, usage.ru_maxrss / MB


def child_peak(path: str) -> float:
    """The peak GNU time wrote to ``path`` (MiB), NaN when it wrote none."""
    try:
        with open(path, encoding="utf-8") as stream:
            return int(stream.read().strip().splitlines()[-1]) / MB
    except (OSError, ValueError, IndexError):
        return float("nan")


class Script:
    """One script to measure: its name, path, arguments and folder."""

    def __init__(self, name: str, path: str, args: List[str], cwd: str) -> None:
        self.name = name
        self.path = path
        self.args = args
        self.cwd = cwd


def measure(script: Script, binary: str, runs: int, folder: str) -> Dict[str, float]:
    """Paired runs of one script, then its capture read alone; the medians."""
    alone_command = [sys.executable, script.path] + script.args
    under_command = [binary, "--check", script.path, "--"] + script.args
    peak_file = os.path.join(folder, "child-peak")
    environment = dict(os.environ, AUTOGRAD_BENCH_PEAK=peak_file,
                       AUTOGRAD_TUI_PYTHON=os.path.join(folder, "python"))
    figures: Dict[str, List[float]] = {key: [] for key in (
        "alone", "under", "ratio", "alone_peak", "under_peak", "child_peak")}
    for number in range(runs):
        results: Dict[str, Tuple[float, float]] = {}
        for which in (("under", "alone") if number % 2 else ("alone", "under")):
            if which == "alone":
                results[which] = run(alone_command, script.cwd)
                continue
            if os.path.exists(peak_file):
                os.remove(peak_file)
            results[which] = run(under_command, script.cwd, environment)
            figures["child_peak"].append(child_peak(peak_file))
        (alone, alone_peak), (under, under_peak) = results["alone"], results["under"]
        figures["alone"].append(alone)
        figures["under"].append(under)
        figures["ratio"].append(under / alone)
        figures["alone_peak"].append(alone_peak)
        figures["under_peak"].append(under_peak)
        sys.stderr.write(f"  {script.name} run {number + 1}: {alone:.2f} s, {alone_peak:.0f} MB "
                         f"alone; {under:.2f} s, {under_peak:.0f} MB under "
                         f"(Python child {figures['child_peak'][-1]:.0f} MB)\n")
    medians = {key: statistics.median(values) for key, values in figures.items()}
    capture = os.path.join(folder, "capture.json")
    bridge = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    run([sys.executable, "-m", "autograd_tui", "run", "--quiet", "--capture", capture,
         script.path] + script.args, script.cwd, bridge)
    medians["kept"] = os.path.getsize(capture) / (1024.0 * 1024.0)
    _, medians["reader_peak"] = run([binary, "--check", capture], script.cwd)
    os.remove(capture)
    return medians


def row(name: str, figures: Dict[str, float]) -> List[str]:
    """One line of the table."""
    budget = 2 * figures["alone_peak"] + figures["kept"]
    met = "met" if figures["under_peak"] <= budget else "missed"
    return [name, f"{figures['alone']:.2f} s", f"{figures['under']:.2f} s",
            f"{figures['ratio']:.2f}x", f"{figures['alone_peak']:.0f} MB",
            f"{figures['under_peak']:.0f} MB", f"{figures['child_peak']:.0f} MB",
            f"{figures['reader_peak']:.0f} MB", f"{figures['kept']:.1f} MB",
            f"{budget:.0f} MB, {met}"]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Parse the arguments, run every pair, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/autograd-tui"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--microgpt", help="a copy of Karpathy's microgpt.py (steps as argv 1)")
    options = parser.parse_args(argv)
    if not os.access(options.binary, os.X_OK):
        sys.stderr.write(f"no binary at {options.binary}: swift build -c release\n")
        return 2
    binary = os.path.abspath(options.binary)
    steps = [str(options.steps)]
    scripts = [Script("microgpt-style model.py",
                      os.path.join(ROOT, "examples/microgpt_style/model.py"), steps, ROOT),
               Script("micrograd MLP training", os.path.join(HERE, "micrograd_train.py"),
                      steps, ROOT)]
    if options.microgpt:
        path = os.path.abspath(options.microgpt)
        scripts.insert(0, Script("Karpathy's microgpt", path, steps, os.path.dirname(path)))
    header = ["script", "python alone", "under autograd-tui", "ratio", "peak alone",
              "peak under", "Python child", "autograd-tui reading", "kept graphs",
              "2 x alone + kept"]
    folder = tempfile.mkdtemp(prefix="autograd-bench-")
    try:
        wrapper = os.path.join(folder, "python")
        with open(wrapper, "w", encoding="utf-8") as stream:
            if os.access(GNU_TIME, os.X_OK):
                stream.write(WRAPPER % (GNU_TIME, shlex.quote(sys.executable)))
            else:
                stream.write(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n')
        os.chmod(wrapper, 0o755)
        rows = [row(f"{script.name}, {options.steps} steps",
                    measure(script, binary, options.runs, folder)) for script in scripts]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"| {' | '.join(header)} |")
    print("|" + "---|" * len(header))
    for line in rows:
        print(f"| {' | '.join(line)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
