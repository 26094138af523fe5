"""Writing the capture document: the header, then every capture, atomically.

Members (``capture-json.md``, plus the ones this bridge adds, marked +):

- ``format``, ``engine``, ``script``, ``captures`` as in the contract;
- + ``cwd``: the working folder, against which relative ``file`` paths resolve;
- + ``bridge``: ``{"name", "version", "python"}`` of the writer;
- + ``keep``: how many captures could keep their whole graph (``null`` for
  ``save()``, which writes one);
- + ``calls``: how many ``backward()`` calls were captured;
- + ``outcome``: how the script ended (``outcome_text``), when a script ran;
- + ``diagnosis``: what the bridge noticed about the engine, when it had something to say
  (``diagnosis_text``).
"""

from __future__ import annotations

import os
import platform
import tempfile
from typing import Iterable, Optional, Sequence, Union

from .jsonnum import string_text

FORMAT = "autograd-capture/1"
VERSION = "0.1.0"


class Outcome:
    """How a script ended: ``finished``, ``exited`` with a status, or ``raised``."""

    FINISHED = "finished"
    EXITED = "exited"
    RAISED = "raised"

    def __init__(self, kind: str, status: Optional[int] = None,
                 exception: Optional[str] = None, traceback: Optional[str] = None) -> None:
        self.kind = kind
        self.status = status
        self.exception = exception
        self.traceback = traceback

    @classmethod
    def finished(cls) -> "Outcome":
        """It ran to its end, or called ``sys.exit()`` with 0 or ``None``."""
        return cls(cls.FINISHED)

    @classmethod
    def exited(cls, status: int) -> "Outcome":
        """It called ``sys.exit(status)`` with a status other than 0."""
        return cls(cls.EXITED, status=status)

    @classmethod
    def raised(cls, exception: str, traceback: str) -> "Outcome":
        """An exception ended it: its last line (``ValueError: bad``) and the whole traceback."""
        return cls(cls.RAISED, exception=exception, traceback=traceback)

    def text(self) -> str:
        """The ``outcome`` member's value as JSON text."""
        if self.kind == self.EXITED:
            return '{"kind": "exited", "status": %d}' % (self.status or 0)
        if self.kind == self.RAISED:
            return '{"kind": "raised", "exception": %s, "traceback": %s}' % (
                string_text(self.exception or ""), string_text(self.traceback or ""))
        return '{"kind": "finished"}'


class Finding:
    """One entry of ``diagnosis``: a sentence, and the place in the user's code it is about."""

    def __init__(self, message: str, file: Optional[str] = None,
                 line: Optional[int] = None) -> None:
        self.message = message
        self.file = file
        self.line = line

    def text(self) -> str:
        """The entry as JSON text."""
        return '{"message": %s, "file": %s, "line": %s}' % (
            string_text(self.message),
            string_text(self.file) if self.file is not None else "null",
            str(int(self.line)) if self.line is not None else "null")


def diagnosis_text(findings: Sequence[Finding]) -> str:
    """The ``diagnosis`` member's value as JSON text."""
    return "[" + ", ".join(finding.text() for finding in findings) + "]"


def header(engine: Optional[str], script: Optional[str], keep: Optional[int], calls: int,
           cwd: str, outcome: Optional[Outcome] = None,
           diagnosis: Optional[Sequence[Finding]] = None) -> str:
    """The document's members before ``captures``, as JSON text."""
    bridge = '{"name": "autograd_tui", "version": %s, "python": %s}' % (
        string_text(VERSION), string_text(platform.python_version()))
    text = (
        '{"format": "%s",\n"engine": %s,\n"script": %s,\n"cwd": %s,\n"bridge": %s,\n'
        '"keep": %s,\n"calls": %d,\n' % (
            FORMAT,
            string_text(engine) if engine else "null",
            string_text(script) if script else "null",
            string_text(cwd), bridge,
            str(keep) if keep is not None else "null",
            calls))
    if outcome is not None:
        text += '"outcome": %s,\n' % outcome.text()
    if diagnosis:
        text += '"diagnosis": %s,\n' % diagnosis_text(diagnosis)
    return text


def write_document(path: str, engine: Optional[str], script: Optional[str],
                   captures: Iterable[Union[str, Iterable[str]]], keep: Optional[int] = None,
                   calls: int = 1,
                   cwd: Optional[str] = None, outcome: Optional[Outcome] = None,
                   diagnosis: Optional[Sequence[Finding]] = None) -> None:
    """Write the document to ``path`` atomically (a temporary file beside it, then a rename).

    ``outcome`` and ``diagnosis``, when given, are written as their members (``diagnosis``
    only when it has an entry).

    ``captures`` yields each capture's JSON text, oldest first, as one string or as an
    iterable of strings to be written one after the other (which spares copying a large
    one, or holding it whole: see ``CaptureStore.parts``).
    """
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".capture-", suffix=".json", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(header(engine, script, keep, calls, cwd or os.getcwd(), outcome,
                                diagnosis))
            stream.write('"captures": [\n')
            first = True
            for text in captures:
                if not first:
                    stream.write(",\n")
                if isinstance(text, str):
                    stream.write(text)
                else:
                    stream.writelines(text)
                first = False
            stream.write("\n]}\n")
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise
