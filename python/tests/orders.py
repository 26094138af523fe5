"""The one topological order the tests' own engines use."""

from __future__ import annotations

from typing import Any, Callable, Iterable, List


def topological(root: Any, inputs: Callable[[Any], Iterable[Any]]) -> List[Any]:
    """Children-first order, iteratively, keyed by ``id()`` (works for every engine here)."""
    order: List[Any] = []
    done = set()
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in done:
            continue
        done.add(id(node))
        stack.append((node, True))
        for child in reversed(list(inputs(node))):
            if id(child) not in done:
                stack.append((child, False))
    return order
