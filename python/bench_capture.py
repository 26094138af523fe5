#!/usr/bin/env python3
"""Time ``autograd_tui.save()`` against micrograd's own ``backward()`` on 10^5 nodes.

The graph is a micrograd ``MLP`` (``micrograd.nn``) evaluated on one input,
its output squared: about 10^5 nodes, every one reachable from the root.
micrograd's recursive topological sort needs a raised recursion limit for it.

The budget (a measurement, not a test): ``save()``, which walks the graph,
probes every ``_backward`` and writes the JSON, should take at most 3x what
``backward()`` takes. Each is timed ``--repeat`` times (default 5) on a fresh
graph; the medians are printed with their ratio.

Usage::

    python3 bench_capture.py [--nodes 100000] [--repeat 5]

Requires ``pip install micrograd`` and this package (``pip install ./python``
or run from the ``python/`` folder).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from typing import Any, List, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import autograd_tui  # noqa: E402

try:
    from micrograd.engine import Value
    from micrograd.nn import MLP
except ImportError:  # pragma: no cover
    sys.exit("bench_capture.py needs micrograd: pip install micrograd")


def build(nodes: int, seed: int) -> Tuple[Any, int]:
    """An MLP's squared output with about ``nodes`` nodes; returns (root, node count)."""
    random.seed(seed)
    width = 100
    # each hidden layer of width w on w inputs makes about 3 w^2 nodes (w*x, +, weights)
    layers = max(1, round(nodes / (3 * width * width)))
    model = MLP(width, [width] * layers + [1])
    x = [Value(random.uniform(-1.0, 1.0)) for _ in range(width)]
    out = model(x)
    root = out * out
    return root, count(root)


def count(root: Any) -> int:
    """Nodes reachable from ``root`` (iteratively)."""
    seen = {id(root)}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def time_backward(nodes: int, seed: int) -> Tuple[float, int]:
    """Seconds micrograd's ``backward()`` takes on a fresh graph, and the graph's size."""
    root, size = build(nodes, seed)
    gc.collect()
    start = time.perf_counter()
    root.backward()
    return time.perf_counter() - start, size


def time_save(nodes: int, seed: int, path: str) -> float:
    """Seconds ``autograd_tui.save()`` takes on a fresh graph after its ``backward()``."""
    root, _ = build(nodes, seed)
    root.backward()
    gc.collect()
    start = time.perf_counter()
    autograd_tui.save(root, path)
    return time.perf_counter() - start


def main(argv: List[str]) -> int:
    """Run the measurement and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 50_000))
    backward_times = []
    save_times = []
    size = 0
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "capture.json")
        for run in range(options.repeat):
            elapsed, size = time_backward(options.nodes, run)
            backward_times.append(elapsed)
            save_times.append(time_save(options.nodes, run, path))
        written = os.path.getsize(path)
    backward = statistics.median(backward_times)
    save = statistics.median(save_times)
    print(f"graph: {size} nodes (micrograd MLP), capture {written / 1e6:.1f} MB")
    print(f"micrograd backward(): {backward * 1000:8.1f} ms (median of {options.repeat})")
    print(f"autograd_tui.save():  {save * 1000:8.1f} ms (median of {options.repeat})")
    print(f"ratio save/backward:  {save / backward:8.2f} (budget 3.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
