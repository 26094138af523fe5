"""Which ``backward()`` calls are recorded whole, and which of those keep their graph.

The schedule is decided as the script runs, before each call, from its index
alone (nobody knows how many calls will come), so that only the calls it
picks pay for recording: the creation hook during their forward pass, then
the walk, the probe and the writing. A call is recorded whole when

1. it is the first;
2. or the graphs recorded so far total fewer than ``BUDGET_NODES`` nodes (a
   lecture's script, whose small graphs cost little: every call is recorded,
   and the newest one is held in case it is the last);
3. or its index is a multiple of the stride: at least ``MIN_STRIDE`` once the
   budget is spent, doubled whenever more than ``2 * keep`` of the held
   captures lie on it (the captures off the new stride are then dropped).

Every other call keeps its call site and its root's data (a few bytes), for
the loss curve. At the end, ``kept()`` picks ``keep`` of the held captures:
the first, the newest, and for each evenly spaced target
``i * (count - 1) / (keep - 1)`` the nearest one left. On a large graph the
last call is therefore kept only when it lies on the stride: the newest graph
kept is at most a stride (about ``count / keep`` calls, at least
``MIN_STRIDE``) before the end.

A graph larger than ``SPILL_BYTES`` of JSON waits in a temporary file: its text goes
there from the capture's parts (its nodes copied from the file they were written to as
they were made, ``nodetext.NodeText``), and into the document a piece at a time
(``parts``), so that a held graph costs the script's process no memory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Dict, Iterable, Iterator, List, Optional, Tuple, Union

from .capture import Capture

DEFAULT_KEEP = 20
SPILL_BYTES = 1 << 20
BUDGET_NODES = 20_000
MIN_STRIDE = 32
READ_CHARS = 1 << 20  # a spilled graph is copied into the document this much at a time

_Held = Union[str, Tuple[str]]  # the body, or (path of the file that holds it,)


def evenly_spaced(candidates: List[int], count: int, keep: int) -> List[int]:
    """``keep`` of the sorted ``candidates``: the first, the last, the nearest to even targets.

    ``candidates`` must hold ``count - 1`` (and ``0`` when ``keep >= 2``).
    """
    if len(candidates) <= keep:
        return list(candidates)
    if keep == 1:
        return [candidates[-1]]
    chosen = [candidates[0]]
    position = 0  # where chosen[-1] is in candidates
    for step in range(1, keep - 1):
        target = step * (count - 1) / (keep - 1)
        last_allowed = len(candidates) - (keep - step)  # leave room for the picks to come
        best = position + 1
        for place in range(position + 1, last_allowed + 1):
            if abs(candidates[place] - target) < abs(candidates[best] - target):
                best = place
            elif candidates[place] > target:
                break
        chosen.append(candidates[best])
        position = best
    chosen.append(candidates[-1])
    return chosen


class CaptureStore:
    """The captures of one recording (see the module docstring)."""

    def __init__(self, keep: int = DEFAULT_KEEP) -> None:
        if keep < 1:
            raise ValueError("keep must be at least 1")
        self.keep = keep
        self.cap = 2 * keep
        self.stride = 1
        self.count = 0
        self.recorded_nodes = 0
        self.engine: Optional[str] = None
        self._summaries: List[str] = []
        self._held: Dict[int, _Held] = {}
        self._on_stride = 0  # how many held indices are multiples of the stride
        self._folder: Optional[str] = None

    def wants(self) -> bool:
        """Whether the next call (index ``count``) is to be recorded whole (see the module)."""
        index = self.count
        return (index == 0 or self.recorded_nodes < BUDGET_NODES
                or index % self.stride == 0)

    def add(self, capture: Capture) -> int:
        """Store ``capture``, a call recorded whole; returns its index. Older captures may
        lose their graphs."""
        index = self._next(capture)
        self.recorded_nodes += capture.size
        self._held[index] = self._hold(index, capture)
        if index % self.stride == 0:
            self._on_stride += 1
        if self.recorded_nodes >= BUDGET_NODES and self.stride < MIN_STRIDE:
            self._restride(MIN_STRIDE, index)
        while self._on_stride > self.cap:
            self._restride(self.stride * 2, index)
        return index

    def skip(self, capture: Capture) -> int:
        """Count a call not recorded whole: only its summary (``call``, ``root_data``)."""
        return self._next(capture)

    def _next(self, capture: Capture) -> int:
        """Number the call, keep its summary, drop the previous one if only newest held it."""
        index = self.count
        self.count += 1
        self.engine = capture.engine
        self._summaries.append(capture.summary())
        previous = index - 1
        if previous in self._held and previous % self.stride:
            self._drop(previous)
        return index

    def _restride(self, stride: int, newest: int) -> None:
        """Take ``stride``; drop the held captures off it but ``newest``; recount."""
        self.stride = stride
        for other in [k for k in self._held if k % stride and k != newest]:
            self._drop(other)
        self._on_stride = sum(1 for k in self._held if k % stride == 0)

    def held(self) -> List[int]:
        """Indices of the captures in the reservoir now, oldest first."""
        return sorted(self._held)

    def kept(self) -> List[int]:
        """Indices of the captures written with their whole graph, oldest first."""
        return evenly_spaced(self.held(), self.count, self.keep)

    def body(self, index: int) -> Optional[str]:
        """The JSON members of capture ``index`` while it is held."""
        held = self._held.get(index)
        if held is None:
            return None
        if isinstance(held, tuple):
            with open(held[0], encoding="utf-8") as stream:
                return stream.read()
        return held

    def texts(self) -> Iterator[str]:
        """Each capture as JSON text, oldest first: whole if kept, else a summary."""
        for parts in self.parts():
            yield parts if isinstance(parts, str) else "".join(parts)

    def parts(self) -> Iterator[Union[str, Iterable[str]]]:
        """Each capture as ``texts`` gives it, or, for a graph waiting in a file, as texts
        to be written one after the other, read from the file a piece at a time (so that
        writing the document never holds a whole graph's text)."""
        kept = set(self.kept())
        for index in range(self.count):
            held = self._held.get(index) if index in kept else None
            if held is None:
                yield '{"index": %d, "kept": false, %s}' % (index, self._summaries[index])
            elif isinstance(held, tuple):
                yield _streamed('{"index": %d, "kept": true, ' % index, held[0])
            else:
                yield '{"index": %d, "kept": true, %s}' % (index, held)

    def close(self) -> None:
        """Delete the temporary files; the graphs they held are gone."""
        self._held = {k: v for k, v in self._held.items() if not isinstance(v, tuple)}
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def _hold(self, index: int, capture: Capture) -> _Held:
        if capture.length() < SPILL_BYTES:
            return capture.body
        try:
            if self._folder is None:
                # autograd-tui's private folder when it runs the script, removed with it.
                spill = os.environ.get("AUTOGRAD_TUI_SPILL") or None
                self._folder = tempfile.mkdtemp(prefix="autograd-tui-", dir=spill)
            path = os.path.join(self._folder, f"capture-{index}.json")
            with open(path, "w", encoding="utf-8") as stream:
                capture.write_to(stream)
            return (path,)
        except OSError:
            return capture.body

    def _drop(self, index: int) -> None:
        held = self._held.pop(index, None)
        if held is not None and index % self.stride == 0:
            self._on_stride -= 1
        if isinstance(held, tuple):
            try:
                os.remove(held[0])
            except OSError:
                pass


def _streamed(head: str, path: str) -> Iterator[str]:
    """``head``, the text of the file at ``path`` a piece at a time, then ``"}"``."""
    yield head
    with open(path, encoding="utf-8") as stream:
        while True:
            piece = stream.read(READ_CHARS)
            if not piece:
                break
            yield piece
    yield "}"
