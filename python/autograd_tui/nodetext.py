"""How one node is written in a capture: its line's template and its ``op`` as JSON; and
``NodeText``, where a capture's lines go as they are made.

Shared by the general writer (``capture``) and the generated fast path (``fastpath``), which
must write the very same text.
"""

from __future__ import annotations

import os
import tempfile
from itertools import repeat
from typing import IO, Any, List, Optional, Union

from .jsonnum import string_text

BLOCK_LINES = 4096  # lines joined at a time
SPILL_CHARS = 1 << 20  # past this much text, the lines go to a temporary file
COPY_CHARS = 1 << 20  # a temporary file is read back this much at a time

NULL = "null"
LINE = ('{"id": %d, "op": %s, "label": %s, "data": %s, "grad": %s%s, '
        '"children": %s, "ordered": %s%s%s}')


def op_text(value: Any) -> str:
    """An op attribute as JSON: the string as stored, ``null`` for ``None``.

    An op that is not a string (a function, an enum member) is written as its
    ``__name__`` or ``name``, else ``str()``.
    """
    if value is None:
        return NULL
    if isinstance(value, str):
        return string_text(value)
    for attribute in ("__name__", "name"):
        name = getattr(value, attribute, None)
        if isinstance(name, str):
            return string_text(name)
    try:
        return string_text(str(value))
    except Exception:
        return string_text(type(value).__name__)


class Spilled:
    """Text waiting in a temporary file, removed when this object is let go of."""

    def __init__(self, path: str, chars: int) -> None:
        self.path = path
        self.chars = chars

    def text(self) -> str:
        """The whole text."""
        with open(self.path, encoding="utf-8") as stream:
            return stream.read()

    def copy_to(self, stream: IO[str]) -> None:
        """Write the text to ``stream`` a piece at a time."""
        with open(self.path, encoding="utf-8") as source:
            while True:
                piece = source.read(COPY_CHARS)
                if not piece:
                    return
                stream.write(piece)

    def release(self, remove: Any = os.remove) -> None:
        """Remove the file (the text is gone)."""
        try:
            remove(self.path)
        except Exception:  # gone already, or the interpreter is shutting down
            pass

    def __del__(self) -> None:
        self.release()


Part = Union[str, Spilled]


class NodeText:
    """A capture's node lines, ``",\n"`` between them, taken as they are made.

    ``add`` joins lines ``BLOCK_LINES`` at a time and lets each go once joined; past
    ``SPILL_CHARS`` the text goes to a temporary file (in ``$AUTOGRAD_TUI_SPILL``, the
    private folder autograd-tui gives the script, when set) instead of memory, so that a
    recorded call of a large graph never holds its nodes' text (``parts``). Where no file
    can be written, or ``spill`` is false (a capture written at once, ``save()``), it stays
    in memory.
    """

    def __init__(self, spill: bool = True) -> None:
        self.spill = spill
        self.count = 0
        self._blocks: List[str] = []
        self._chars = 0
        self._stream: Optional[IO[str]] = None
        self._path: Optional[str] = None

    def add(self, lines: List[str]) -> None:
        """Take ``lines`` (the list is emptied)."""
        total = len(lines)
        for start in range(0, total, BLOCK_LINES):
            end = min(start + BLOCK_LINES, total)
            self._put(",\n".join(lines[start:end]), self.count > 0)
            self.count += end - start
            lines[start:end] = repeat(None, end - start)  # type: ignore[list-item]
        lines.clear()

    def _put(self, block: str, separated: bool) -> None:
        if separated:
            self._write(",\n")
        self._write(block)
        if self.spill and self._stream is None and self._chars > SPILL_CHARS:
            self._spill()

    def _write(self, text: str) -> None:
        self._chars += len(text)
        if self._stream is not None:
            try:
                self._stream.write(text)
            except BaseException:
                self.reset()
                raise
        else:
            self._blocks.append(text)

    def _spill(self) -> None:
        """Move the blocks to a temporary file; where none can be made, stay in memory.
        A failed write to it raises (the capture fails, as writing the document would)."""
        try:
            handle, path = tempfile.mkstemp(prefix="autograd-tui-nodes-", suffix=".json",
                                            dir=os.environ.get("AUTOGRAD_TUI_SPILL") or None)
        except OSError:
            return
        try:
            stream = os.fdopen(handle, "w", encoding="utf-8")
        except BaseException:
            os.close(handle)
            Spilled(path, 0).release()
            raise
        self._path = path
        self._stream = stream
        try:
            stream.writelines(self._blocks)
        except BaseException:
            self.reset()
            raise
        self._blocks = []

    def parts(self) -> List[Part]:
        """The text taken so far: blocks in memory, or the temporary file. No more can be
        added after."""
        if self._stream is None:
            return self._blocks
        stream, path = self._stream, self._path
        self._stream = self._path = None
        try:
            stream.close()
        except OSError:
            Spilled(path or "", 0).release()
            raise
        return [Spilled(path or "", self._chars)]

    def reset(self) -> None:
        """Drop everything taken (the writer starts again)."""
        stream, path = self._stream, self._path
        self._stream = self._path = None
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass
        if path is not None:
            Spilled(path, 0).release()
        self.count = 0
        self._blocks = []
        self._chars = 0

    def __del__(self) -> None:
        if self._path is not None:
            self.reset()
