"""The script's recursion headroom: the bridge's own frames do not count against it.

Run alone, a script's top level is the first frame of the stack; under the bridge it sits
on the runner's frames, and each ``backward()`` call and each step the spy watches add a
few more (the wrapper of the pass method, the hub, the spy around a step: ``CALL_FRAMES``).
A recursive topological sort 990 nodes deep, which works alone under Python's default
limit of 1000, would raise ``RecursionError`` under the bridge. While the script runs, the
limit is raised by what the bridge uses, counted twice (a call made through C, as
``exec`` and a call with ``*args`` are, counts twice against the limit), and ``sys.getrecursionlimit`` and
``sys.setrecursionlimit`` are wrapped so that the script reads and sets the limit it would
have alone (``sys.setrecursionlimit(10_000)`` gives it 10,000 frames of its own). A
recursive "push" engine, whose steps call each other through the wrapped pass method,
still pays two frames a level.
"""

from __future__ import annotations

import functools
import sys
import types
from typing import Any, Callable, Optional

CALL_FRAMES = 3  # the pass method's wrapper, Hub._backward, the firing spy around a step


def stack_depth(frame: Optional[types.FrameType]) -> int:
    """How many frames there are from ``frame`` outwards, itself included."""
    depth = 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


class Headroom:
    """While active, the recursion limit is the script's own plus the bridge's frames."""

    def __init__(self, frames: int) -> None:
        self.offset = 2 * (frames + CALL_FRAMES)
        self._real_get: Callable[[], int] = sys.getrecursionlimit
        self._real_set: Callable[[int], None] = sys.setrecursionlimit
        self._wrappers: Any = None
        self._saved = 0

    def __enter__(self) -> "Headroom":
        real_get, real_set, offset = self._real_get, self._real_set, self.offset
        self._saved = real_get()

        @functools.wraps(real_get)
        def getrecursionlimit() -> int:
            return max(1, real_get() - offset)

        @functools.wraps(real_set)
        def setrecursionlimit(limit: int) -> None:
            real_set(limit + offset if type(limit) is int and limit > 0 else limit)

        real_set(self._saved + offset)
        self._wrappers = (getrecursionlimit, setrecursionlimit)
        sys.getrecursionlimit = getrecursionlimit
        sys.setrecursionlimit = setrecursionlimit
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._wrappers is None:
            return
        if sys.getrecursionlimit is self._wrappers[0]:
            sys.getrecursionlimit = self._real_get
        if sys.setrecursionlimit is self._wrappers[1]:
            sys.setrecursionlimit = self._real_set
        self._wrappers = None
        try:
            self._real_set(self._saved)
        except Exception:
            pass
