#!/usr/bin/env python3
"""Compare ``autograd-tui --stats FILE`` with micrograd on the same graph.

The issue asks that the whole autograd-tui process (start-up, reading the
file, forward values, topological order, backward) on a 30,000-line
generated graph be at least 100x faster than micrograd building the same
graph and running ``backward()`` inside an already started Python.

The graph is written once as text that is both a valid ``.ag`` script and,
after a two-line prelude, valid Python for micrograd. Before timing, the
script checks that both programs computed the same graph: the root value
and every leaf's gradient must agree within 1e-9 relative.

Usage::

    python3 bench/micrograd_comparison.py --binary .build/release/autograd-tui

Requires ``pip install micrograd`` (karpathy's engine); hyperfine is used for
the autograd-tui timing when it is on PATH.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import os
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any, Callable

SEED = 20240611
WINDOW = 64  # `a` is one of the names defined on the WINDOW lines before
ROOT_TERMS = 50  # the root is the sum of the last ROOT_TERMS names
TOLERANCE = 1e-9  # relative, for the cross-check of values and gradients
PRELUDE = "from micrograd.engine import Value\ndef relu(v): return v.relu()\n"
OPERATIONS = (
    "{a} * {b}",
    "relu({a} - {b}) * 0.5",
    "({a} + {b}) * 0.5",
    "{a} * 0.9 - {b} ** 2 * 0.1",
)


def generate_graph(lines: int, seed: int = SEED) -> str:
    """Return the graph as text: valid .ag, and valid Python after PRELUDE.

    ``lines`` counts every line of the file: ``lines - 2`` node lines
    ``v0`` ... , then ``loss = ...`` (the sum of the last 50 names) and
    ``loss.backward()``. Line ``i`` (counting node lines from 0) is a leaf
    when ``i % 10 == 0`` or ``i == 1``, so leaves are spread evenly, the
    first two lines are leaves, and about 10 % of the lines are leaves.
    Every other line is one of OPERATIONS, with ``a`` drawn from the 64
    names just before it and ``b`` from any earlier name other than ``a``
    (so ``relu(a - a)`` never sits exactly on the kink).
    """
    nodes = lines - 2
    if nodes < ROOT_TERMS:
        raise ValueError(f"--lines must be at least {ROOT_TERMS + 2}")
    rng = random.Random(seed)
    out = []
    for i in range(nodes):
        if i % 10 == 0 or i == 1:
            # repr() is the shortest text that reads back as the same double
            # in Python and in autograd-tui, so both start from equal leaves.
            out.append(f"v{i} = Value({rng.uniform(-1.0, 1.0)!r})")
            continue
        a = rng.randrange(max(0, i - WINDOW), i)
        b = rng.randrange(i - 1)
        if b >= a:  # any earlier name but a
            b += 1
        op = rng.choice(OPERATIONS).format(a=f"v{a}", b=f"v{b}")
        out.append(f"v{i} = {op}")
    terms = " + ".join(f"v{i}" for i in range(nodes - ROOT_TERMS, nodes))
    out.append(f"loss = {terms}")
    out.append("loss.backward()")
    return "\n".join(out) + "\n"


def run_micrograd(source: str, runs: int,
                  collector: bool) -> tuple[list[float], dict[str, Any]]:
    """Time exec(build) + loss.backward() ``runs`` times, in this process.

    The code is compiled once; each run executes it in a fresh namespace, so
    the timing covers building every Value and the backward pass (the last
    line of the script). ``collector`` False disables Python's cycle
    collector during the timed runs: it is on by default, and on the default
    graph with Python 3.11 its full collections take most of micrograd's
    time. Returns the times in seconds and the namespace of the last run.
    """
    code = compile(PRELUDE + source, "<generated graph>", "exec")
    times = []
    namespace: dict[str, Any] = {}
    for _ in range(runs):
        namespace = {}
        # micrograd's closures make reference cycles, so the previous run's
        # graph is only freed by the cycle collector: free it before timing.
        gc.collect()
        if not collector:
            gc.disable()
        try:
            start = time.perf_counter()
            exec(code, namespace)  # noqa: S102 - our own generated code
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return times, namespace


def in_big_stack(function: Callable[[], Any]) -> Any:
    """Call ``function`` in a thread with a large stack and return its result.

    micrograd's backward() builds its topological order with a recursive
    depth-first search: one Python frame per Value on the path it walks, at
    most the graph's longest path. That is 605 Values at 30,000 lines and
    1,120 at 100,000 lines, around Python's default limit of 1000 (the
    search stayed under it at both sizes in our runs, but other sizes or
    seeds need not). So we raise the limit, and run in a thread with a
    512 MiB stack so that Pythons whose frames also use the C stack (3.10
    and older) do not overflow it.
    """
    sys.setrecursionlimit(100_000)
    threading.stack_size(512 * 1024 * 1024)
    result: list[Any] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(function())
        except BaseException as error:  # re-raised in the calling thread
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]


def micrograd_shape(root: Any) -> tuple[int, int, int]:
    """Return the Values built, those the root depends on, and the longest
    path from the root to a leaf, counted in Values (untimed, no recursion).
    """
    from micrograd.engine import Value

    gc.collect()
    built = sum(isinstance(item, Value) for item in gc.get_objects())
    depth: dict[int, int] = {}
    stack = [(root, False)]
    while stack:
        value, done = stack.pop()
        if done:
            depth[id(value)] = 1 + max(
                (depth[id(child)] for child in value._prev), default=0)
        elif id(value) not in depth:
            depth[id(value)] = 0  # in progress
            stack.append((value, True))
            stack.extend((child, False) for child in value._prev
                         if id(child) not in depth)
    return built, len(depth), depth[id(root)]


def close(x: float, y: float) -> bool:
    """Whether x and y agree within TOLERANCE relative (or are equal)."""
    if x == y or (math.isnan(x) and math.isnan(y)):
        return True
    return abs(x - y) <= TOLERANCE * max(abs(x), abs(y))


def cross_check(binary: str, path: str,
                namespace: dict[str, Any]) -> tuple[int, int]:
    """Compare autograd-tui's --json trace with micrograd's Values.

    Checks the root value and the gradient of every leaf, exits on a
    mismatch, prints a sample, and returns autograd-tui's count of nodes
    and of nodes the root depends on.
    """
    trace = json.loads(run([binary, "--json", path]).stdout)
    nodes = trace["nodes"]
    loss = namespace["loss"]
    # float() also reads the "nan" and "inf" strings --json writes.
    pairs = [("loss.data", float(nodes[trace["root"]]["data"]), loss.data)]
    for node in nodes:
        if node["op"] == "leaf" and node["label"] in namespace:
            name = node["label"]
            pairs.append((f"{name}.grad", float(node["grad"]),
                          float(namespace[name].grad)))
    bad = [pair for pair in pairs if not close(pair[1], pair[2])]
    for name, ours, theirs in pairs[:3] + bad[:10]:
        print(f"  {name:<12} autograd-tui {ours!r:<24} micrograd {theirs!r}")
    if bad:
        sys.exit(f"error: {len(bad)} of {len(pairs)} values differ by more "
                 f"than {TOLERANCE:g} relative: not the same graph")
    print(f"  the root value and all {len(pairs) - 1} leaf gradients agree "
          f"within {TOLERANCE:g} relative")
    return len(nodes), len(trace["topo"])


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a command, exiting with its standard error if it fails."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(command)} exited {done.returncode}:\n"
                 f"{done.stderr}")
    return done


def time_binary(binary: str, path: str, runs: int, folder: str) -> float:
    """Median wall-clock seconds of the whole ``binary --stats path``."""
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        export = os.path.join(folder, "hyperfine.json")
        command = shlex.join([binary, "--stats", path])
        run([hyperfine, "-N", "--warmup", "5", "--runs", str(runs),
             "--export-json", export, command])
        with open(export, encoding="utf-8") as file:
            return float(json.load(file)["results"][0]["median"])
    print("  (hyperfine not found: timing a loop of subprocess runs)")
    times = []
    for index in range(runs + 5):  # the first 5 are a warm-up
        start = time.perf_counter()
        subprocess.run([binary, "--stats", path], check=True,
                       stdout=subprocess.DEVNULL)
        if index >= 5:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Parse the command line, check, time, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    repository = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--binary", help="autograd-tui to time (default: "
                        ".build/release/autograd-tui in the repository)",
                        default=os.path.join(repository, ".build", "release",
                                             "autograd-tui"))
    parser.add_argument("--lines", type=int, default=30_000,
                        help="lines in the generated file (default: 30000)")
    parser.add_argument("--runs", type=int, default=5,
                        help="micrograd runs (default: 5)")
    parser.add_argument("--binary-runs", type=int, default=50,
                        help="autograd-tui runs (default: 50)")
    parser.add_argument("--keep", metavar="FILE",
                        help="also write the generated graph to FILE")
    args = parser.parse_args()

    binary = os.path.abspath(args.binary)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        sys.exit(f"error: no autograd-tui at {args.binary}: build it with "
                 f"`swift build -c release` or pass --binary PATH")
    if importlib.util.find_spec("micrograd") is None:
        sys.exit("error: micrograd is not installed: pip install micrograd")

    source = generate_graph(args.lines)
    if args.keep:
        with open(args.keep, "w", encoding="utf-8") as file:
            file.write(source)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "graph.ag")
        with open(path, "w", encoding="utf-8") as file:
            file.write(source)

        print(f"micrograd: {args.runs} runs of exec(build) + backward() ...")
        # The collector-off runs go first and keep no graph alive: a full
        # collection's cost grows with every object alive in the process.
        plain = in_big_stack(
            lambda: run_micrograd(source, args.runs, collector=False)[0])
        times, namespace = in_big_stack(
            lambda: run_micrograd(source, args.runs, collector=True))
        loss = namespace["loss"]
        print(f"  loss.data = {loss.data!r}, "
              f"v0.grad = {namespace['v0'].grad!r}")
        print("cross-check with autograd-tui --json ...")
        nodes, reachable = cross_check(binary, path, namespace)
        built, mg_reachable, depth = micrograd_shape(loss)
        del namespace, loss
        print(f"autograd-tui --stats: {args.binary_runs} runs ...")
        tui = time_binary(binary, path, args.binary_runs, folder)

    mg = statistics.median(times)
    ratio = mg / tui
    python = ".".join(map(str, sys.version_info[:3]))
    rows = [
        ("lines", f"{source.count(chr(10)):,}"),
        ("nodes", f"autograd-tui {nodes:,} ({reachable:,} reachable), "
                  f"micrograd {built:,} ({mg_reachable:,} reachable)"),
        ("depth", f"{depth:,} Values on the longest path from the root"),
        ("micrograd median", f"{mg * 1e3:.1f} ms (build + backward, "
                             f"{args.runs} runs, Python {python})"),
        ("  gc disabled", f"{statistics.median(plain) * 1e3:.1f} ms "
                          "(for reference: not the default)"),
        ("autograd-tui median", f"{tui * 1e3:.2f} ms (whole process, "
                                f"{args.binary_runs} runs)"),
        ("ratio", f"{ratio:.1f}x"),
        (">= 100x", "yes" if ratio >= 100 else "NO"),
    ]
    print()
    for name, value in rows:
        print(f"{name:<20} {value}")


if __name__ == "__main__":
    main()
