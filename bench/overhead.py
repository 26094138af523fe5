#!/usr/bin/env python3
"""What recording costs a learner: their script alone against the same script under us.

For each script, ``--runs`` pairs of runs, each pair ``python3 SCRIPT ARGS`` then
``autograd-tui --check SCRIPT -- ARGS`` (whole processes, wall clock, in alternating order
so that a slow moment of the machine hits both), and the peak resident memory of each
(``/usr/bin/time``-free: ``resource.getrusage`` of the children, read per run). It prints
the median of each, the median of the per-pair ratios, and the peaks.

Usage::

    python3 bench/overhead.py [--binary .build/release/autograd-tui] [--runs 5]
                              [--steps 20] [--microgpt PATH/microgpt.py]

Scripts: ``examples/microgpt_style/model.py STEPS`` (ours, about 76k nodes a step),
``bench/micrograd_train.py STEPS`` (micrograd from PyPI, MLP(2, [16, 16, 1]) on 40 points,
about 27k nodes a step), and Karpathy's microgpt when ``--microgpt`` names a copy that takes
its number of steps as its first argument (run from its own folder, with its
``input.txt``). Nothing is downloaded. Not a test: it exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import List, Optional, Sequence, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(command: Sequence[str], cwd: str) -> float:
    """Run ``command``; its wall-clock seconds."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1, 2):
        sys.stderr.write(f"{' '.join(command)} exited {done.returncode}:\n"
                         f"{done.stderr.decode(errors='replace')[-2000:]}\n")
    return elapsed


def peak_of(command: Sequence[str], cwd: str) -> float:
    """Peak resident MB of ``command`` and its children, from GNU time when present."""
    if not os.path.exists("/usr/bin/time"):
        return float("nan")
    done = subprocess.run(["/usr/bin/time", "-f", "%M"] + list(command), cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    try:
        return int(done.stderr.decode().strip().splitlines()[-1]) / 1024
    except (ValueError, IndexError):
        return float("nan")


def measure(name: str, script: str, args: List[str], binary: str, runs: int,
            cwd: str) -> List[str]:
    """Paired runs of one script; its table row."""
    alone_command = [sys.executable, script] + args
    under_command = [binary, "--check", script, "--"] + args
    alone: List[float] = []
    under: List[float] = []
    ratios: List[float] = []
    for run in range(runs):
        if run % 2:
            b = timed(under_command, cwd)
            a = timed(alone_command, cwd)
        else:
            a = timed(alone_command, cwd)
            b = timed(under_command, cwd)
        alone.append(a)
        under.append(b)
        ratios.append(b / a)
        sys.stderr.write(f"  {name} run {run + 1}: {a:.2f} s alone, {b:.2f} s under\n")
    alone_peak = peak_of(alone_command, cwd)
    under_peak = peak_of(under_command, cwd)
    return [name, f"{statistics.median(alone):.2f} s", f"{statistics.median(under):.2f} s",
            f"{statistics.median(ratios):.2f}x", f"{alone_peak:.0f} MB",
            f"{under_peak:.0f} MB"]


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
    steps = [str(options.steps)]
    scripts = [("microgpt-style model.py", os.path.join(ROOT, "examples/microgpt_style/model.py"),
                ROOT),
               ("micrograd MLP training", os.path.join(HERE, "micrograd_train.py"), ROOT)]
    if options.microgpt:
        path = os.path.abspath(options.microgpt)
        scripts.insert(0, ("Karpathy's microgpt", path, os.path.dirname(path)))
    header = ["script", "python alone", "under autograd-tui", "ratio", "peak alone",
              "peak under"]
    rows = [header]
    for name, script, cwd in scripts:
        rows.append(measure(f"{name}, {options.steps} steps", script, steps, options.binary,
                            options.runs, cwd))
    print(f"| {' | '.join(header)} |")
    print("|" + "---|" * len(header))
    for row in rows[1:]:
        print(f"| {' | '.join(row)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
