"""``save(root, path)``: capture the graph behind a root after the user's ``backward()``."""

from __future__ import annotations

import sys
import types
from typing import Any, List, Optional, Tuple

from .capture import capture_root
from .document import write_document
from .frames import display_path, main_script
from .recorder import HUB
from .walk import walk


def capture_text(root: Any, frame: Optional[types.FrameType]) -> Tuple[str, List[str]]:
    """The engine's class name and the JSON members of a capture of ``root``, as texts to be
    written one after the other.

    When a recording (active or finished) last captured a ``backward()`` on
    ``root``, that capture is used as it was recorded; otherwise the graph is
    walked and probed now, with the recording's creation log if there is one.
    ``frame`` is where to look for variable names and the user's line.
    """
    recorder = HUB.current()
    if recorder is not None:
        body = recorder.last_body(root)
        if body is not None:
            return recorder.store.engine or "", [body]
    if HUB.shapes.of(root) is None:
        walk(root, HUB.shapes)  # raises NotANode with the explanation
    was_busy = HUB.busy
    HUB.busy = True
    try:
        HUB.finder.add_class(type(root))
        capture = capture_root(root, HUB.shapes, HUB.finder, HUB.log, frame)
    finally:
        HUB.busy = was_busy
    return capture.engine, [part if isinstance(part, str) else part.text()
                            for part in capture.parts]


def write_one(engine: str, body: List[str], path: str) -> None:
    """Write a document holding one capture, its members ``body`` (``capture_text``)."""
    write_document(path, engine, display_path(main_script()),
                   [['{"index": 0, "kept": true, '] + body + ["}"]])


def save(root: Any, path: str) -> None:
    """Write a capture of the graph behind ``root`` to ``path`` (JSON, capture-json.md).

    Call it after your ``backward()``: it records every node's data and grad,
    probes each node's ``_backward`` alone (restoring every grad it touches),
    and names nodes after your variables. Inside or after ``record()``, the
    recorded creation order, source lines, ``grad_before`` and ``fired`` are
    used too. Raises ``TypeError`` (``NotANode``) when ``root`` is not a
    micrograd-style value.
    """
    engine, body = capture_text(root, sys._getframe(1))
    write_one(engine, body, path)
