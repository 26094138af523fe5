"""The zero-edit path: run someone's script unchanged, recording every ``backward()``.

Usage::

    python3 -m autograd_tui run [--capture OUT.json] [--keep N] [--quiet] SCRIPT.py [ARGS...]

The script runs as ``python3 SCRIPT.py ARGS...`` would run it: its folder
first on ``sys.path``, ``__name__ == "__main__"``, ``sys.argv == [SCRIPT.py,
ARGS...]``, ``__file__`` its absolute path. ``MPLBACKEND`` is set to ``Agg``
so that ``plt.show()`` does not block. Every ``backward()`` call becomes a
capture; at the end all of them are written to OUT.json: ``--capture``, else
the environment variable ``AUTOGRAD_TUI_CAPTURE``, else ``SCRIPT.capture.json``
in the current folder. Every capture keeps its call site and root value; the
first, the last and evenly spaced ones between, ``--keep`` of them (default
20), keep their whole graph.

Exit status:

- 0: the script finished and at least one ``backward()`` call was captured;
- 1: the script raised: its traceback is printed as Python prints it, and
  the captures made before are written (Ctrl-C too);
- 2: wrong arguments, or the script cannot be read;
- 3: the script finished without calling ``backward()`` on a value the
  bridge recognised: nothing is written, and standard error says so;
- 4: the captures could not be written;
- the script's own status when it calls ``sys.exit(N)`` with N not 0 (the
  captures are written).
"""

from __future__ import annotations

import builtins
import importlib.machinery
import os
import sys
import traceback
import types
from typing import List, Optional, Sequence, Tuple

from .store import DEFAULT_KEEP
from .frames import display_path
from .recorder import Recorder

ENV_CAPTURE = "AUTOGRAD_TUI_CAPTURE"
EXIT_OK = 0
EXIT_RAISED = 1
EXIT_USAGE = 2
EXIT_NO_BACKWARD = 3
EXIT_WRITE_FAILED = 4

USAGE = """\
usage: python3 -m autograd_tui run [--capture OUT.json] [--keep N] [--quiet] SCRIPT.py [ARGS...]

Runs SCRIPT.py unchanged, as `python3 SCRIPT.py ARGS...` would, recording every
backward() call of its micrograd-style engine, and writes the captures to OUT.json
(--capture, else $AUTOGRAD_TUI_CAPTURE, else SCRIPT.capture.json).

options (before SCRIPT.py):
  --capture OUT.json  where to write the captures
  --keep N            how many captures keep their whole graph (default 20, at least 1)
  --quiet             no summary on standard error (autograd-tui reports for itself)
  -h, --help          show this help
"""

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class UsageError(Exception):
    """Wrong arguments to the runner."""


class Options:
    """What the command line asked for."""

    def __init__(self, script: str, args: List[str], capture: Optional[str],
                 keep: int, quiet: bool = False) -> None:
        self.script = script
        self.args = args
        self.capture = capture
        self.keep = keep
        self.quiet = quiet


def parse(argv: Sequence[str]) -> Optional[Options]:
    """Parse ``run [options] SCRIPT [ARGS...]``; ``None`` for ``--help``."""
    items = list(argv)
    if not items or items[0] in ("-h", "--help"):
        return None
    if items[0] != "run":
        raise UsageError(f"unknown command {items[0]!r} (the command is `run`)")
    capture: Optional[str] = None
    keep = DEFAULT_KEEP
    quiet = False
    position = 1
    while position < len(items):
        item = items[position]
        if item in ("-h", "--help"):
            return None
        if item == "--quiet":
            quiet = True
            position += 1
            continue
        if item == "--":
            position += 1
            break
        name, has_value, value = item.partition("=")
        if name in ("--capture", "--keep"):
            if not has_value:
                if position + 1 >= len(items):
                    raise UsageError(f"{name} needs a value")
                value = items[position + 1]
                position += 1
            if name == "--capture":
                capture = value
            else:
                try:
                    keep = int(value)
                except ValueError:
                    raise UsageError(f"--keep needs a whole number, not {value!r}") from None
                if keep < 1:
                    raise UsageError("--keep must be at least 1")
            position += 1
            continue
        if item.startswith("-") and item != "-":
            raise UsageError(f"unknown option {item!r}")
        break
    if position >= len(items):
        raise UsageError("no script given")
    return Options(items[position], items[position + 1:], capture, keep, quiet)


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


def print_traceback(error: BaseException) -> None:
    """Print ``error``'s traceback as Python does for an uncaught exception, minus the bridge."""
    report = traceback.TracebackException(type(error), error, error.__traceback__)
    _strip_bridge(report)
    sys.stderr.write("".join(report.format()))


def _exit_status(error: SystemExit) -> int:
    code = error.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def run_script(options: Options) -> Tuple[int, Recorder, bool]:
    """Run the script while recording: (status, recorder, whether it finished).

    ``finished`` is false when the script raised.
    """
    path = os.path.abspath(options.script)
    try:
        with open(path, "rb") as stream:
            source = stream.read()
    except OSError as error:
        raise UsageError(f"can't open file {options.script!r}: {error.strerror}") from None
    os.environ["MPLBACKEND"] = "Agg"
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__builtins__ = builtins  # type: ignore[attr-defined]
    module.__loader__ = importlib.machinery.SourceFileLoader("__main__", path)
    module.__spec__ = None
    module.__cached__ = None  # type: ignore[attr-defined]
    saved = (sys.argv, list(sys.path), sys.modules.get("__main__"))
    sys.argv = [options.script] + options.args
    folder = os.path.dirname(path)
    if sys.path:
        sys.path[0] = folder
    else:
        sys.path.insert(0, folder)
    sys.modules["__main__"] = module
    recorder = Recorder(options.keep)
    status = EXIT_OK
    finished = True
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        print_traceback(error)
        return EXIT_RAISED, recorder, False
    try:
        with recorder:
            try:
                exec(code, module.__dict__)
            except SystemExit as error:
                status = _exit_status(error)
            except BaseException as error:
                sys.stdout.flush()
                print_traceback(error)
                status = EXIT_RAISED
                finished = False
    finally:
        try:
            sys.stdout.flush()
        except Exception:
            pass
        sys.argv, sys.path[:], main = saved[0], saved[1], saved[2]
        if main is not None:
            sys.modules["__main__"] = main
    return status, recorder, finished


def capture_path(options: Options) -> str:
    """Where the captures go: ``--capture``, ``$AUTOGRAD_TUI_CAPTURE``, SCRIPT.capture.json."""
    if options.capture:
        return options.capture
    configured = os.environ.get(ENV_CAPTURE)
    if configured:
        return configured
    stem = os.path.splitext(os.path.basename(options.script))[0]
    return stem + ".capture.json"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The ``python3 -m autograd_tui`` command; returns the exit status (see the module)."""
    try:
        options = parse(sys.argv[1:] if argv is None else argv)
    except UsageError as error:
        sys.stderr.write(f"autograd-tui: {error}\n{USAGE}")
        return EXIT_USAGE
    if options is None:
        sys.stdout.write(USAGE)
        return EXIT_OK
    out = capture_path(options)
    try:
        status, recorder, finished = run_script(options)
    except UsageError as error:
        sys.stderr.write(f"autograd-tui: {error}\n")
        return EXIT_USAGE
    try:
        count = recorder.count
        if count == 0:
            if options.quiet:
                return status if status != EXIT_OK else EXIT_NO_BACKWARD
            sys.stderr.write(
                f"autograd-tui: {options.script} made no backward() call on a micrograd-style "
                "value, so there is nothing to capture; no capture written to "
                f"{display_path(out)}\n")
            return status if status != EXIT_OK else EXIT_NO_BACKWARD
        try:
            recorder.save(out, script=display_path(os.path.abspath(options.script)))
        except OSError as error:
            sys.stderr.write(f"autograd-tui: could not write {out}: {error}\n")
            return EXIT_WRITE_FAILED
        if options.quiet:
            return status
        kept = len(recorder.kept())
        calls = "call" if count == 1 else "calls"
        sys.stderr.write(
            f"autograd-tui: {count} backward() {calls} captured ({kept} with the whole graph)"
            f"{'' if finished else ' before the error'}, written to {display_path(out)}\n")
        return status
    finally:
        recorder.close()
