"""How the learner's script ended, as Python would say it: its traceback without the
bridge's frames (a notebook's cells named as cells), the exception's last line, and what
``sys.exit(code)`` means.
"""

from __future__ import annotations

import os
import sys
import traceback

from . import notebook
from .document import Outcome

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _ours(filename: str) -> bool:
    return os.path.abspath(filename).startswith(_PACKAGE_DIR + os.sep)


def _strip_bridge(report: traceback.TracebackException) -> None:
    """Remove this package's frames (runner, wrappers) from a traceback, and its causes'."""
    seen = set()
    stack = [report]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        frames = [frame for frame in current.stack if not _ours(frame.filename)]
        current.stack = traceback.StackSummary.from_list(frames)
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                stack.append(linked)


def traceback_text(error: BaseException) -> str:
    """``error``'s traceback as Python prints it for an uncaught exception, minus the bridge."""
    report = traceback.TracebackException(type(error), error, error.__traceback__)
    _strip_bridge(report)
    return notebook.traceback_for_people("".join(report.format()))


def print_traceback(error: BaseException) -> str:
    """Print ``error``'s traceback (``traceback_text``) on standard error; returns it."""
    text = traceback_text(error)
    sys.stderr.write(text)
    return text


def exception_line(error: BaseException) -> str:
    """The exception as the last line of its traceback names it: ``ValueError: bad``.

    The class is qualified by its module unless that is ``builtins`` or ``__main__``, as
    Python does; the message is left out when empty (``KeyboardInterrupt``). A syntax
    error's message is without its place, which the traceback shows above it.
    """
    kind = type(error)
    name = kind.__qualname__
    if kind.__module__ not in ("builtins", "__main__"):
        name = f"{kind.__module__}.{name}"
    try:
        message = error.msg if isinstance(error, SyntaxError) and error.msg else str(error)
    except Exception:
        message = "<exception str() failed>"
    return f"{name}: {message}" if message else name


def exited(error: SystemExit) -> Outcome:
    """What ``sys.exit(code)`` means: finished for 0 and ``None``, else exited.

    A code that is not a number is printed on standard error and exits 1, as Python does.
    """
    code = error.code
    if code is None:
        return Outcome.finished()
    if isinstance(code, int):
        return Outcome.finished() if code == 0 else Outcome.exited(int(code))
    sys.stderr.write(f"{code}\n")
    return Outcome.exited(1)
