"""The zero-edit path: run someone's script unchanged, recording every ``backward()``.

Usage::

    python3 -m autograd_tui run [--capture OUT.json] [--keep N] [--quiet]
                                [--outcome-in-document] SCRIPT.py [ARGS...]

The script runs as ``python3 SCRIPT.py ARGS...`` would run it: its folder
first on ``sys.path``, ``__name__ == "__main__"``, ``sys.argv == [SCRIPT.py,
ARGS...]``, ``__file__`` its absolute path. ``MPLBACKEND`` is set to ``Agg``
so that ``plt.show()`` does not block. A notebook (``SCRIPT.ipynb``) runs its
code cells in order in one namespace, in its own folder, its IPython lines
skipped and counted (``notebook``). Every ``backward()`` call becomes a
capture; at the end all of them are written to OUT.json: ``--capture``, else
the environment variable ``AUTOGRAD_TUI_CAPTURE``, else ``SCRIPT.capture.json``
in the current folder. Every capture keeps its call site and root value;
``--keep`` of them (default 20) keep their whole graph, chosen by a schedule
decided before each call (``store``): the first; every call while the
graphs recorded are small; then every 32nd or sparser; among those, the
first, the newest and evenly spaced ones.

The document is written whenever the script ran at all, with ``captures``
empty when it made no ``backward()`` call, and its ``outcome`` says how the
script ended: ``finished`` (also ``sys.exit(0)`` and ``sys.exit()``),
``exited`` with the status it gave ``sys.exit``, or ``raised`` with the
exception's line and its traceback as printed (a syntax error and Ctrl-C,
``KeyboardInterrupt``, too). When nothing was captured, ``diagnosis`` may say
why (``autograd_tui.diagnosis``, when present).

Exit status, run by hand:

- 0: the script finished and at least one ``backward()`` call was captured;
- 1: the script raised: its traceback is printed as Python prints it, and
  the captures made before are written (Ctrl-C too);
- 2: wrong arguments, or the script cannot be read: nothing is written;
- 3: the script finished without calling ``backward()`` on a value the
  bridge recognised: the document has no capture, and standard error says so;
- 4: the document could not be written;
- the script's own status when it calls ``sys.exit(N)`` with N not 0 (the
  captures are written).

With ``--outcome-in-document`` (autograd-tui's invocation), how the script
ended is only in the document: the status is 0 whenever the document was
written, 2 and 4 as above, whatever the script did.
"""

from __future__ import annotations

import builtins
import importlib.machinery
import os
import signal
import sys
import types
from typing import List, Optional, Sequence, Tuple

from . import notebook
from .diagnosis import diagnose
from .document import Finding, Outcome, write_document
from .endings import exception_line, exited, print_traceback
from .frames import display_path
from .headroom import Headroom, stack_depth
from .recorder import Recorder
from .store import DEFAULT_KEEP

ENV_CAPTURE = "AUTOGRAD_TUI_CAPTURE"
EXIT_OK = 0
EXIT_RAISED = 1
EXIT_USAGE = 2
EXIT_NO_BACKWARD = 3
EXIT_WRITE_FAILED = 4

USAGE = """\
usage: python3 -m autograd_tui run [--capture OUT.json] [--keep N] [--quiet]
                                   [--outcome-in-document] SCRIPT.py [ARGS...]

Runs SCRIPT.py unchanged, as `python3 SCRIPT.py ARGS...` would, recording every
backward() call of its micrograd-style engine, and writes the captures and how the
script ended to OUT.json (--capture, else $AUTOGRAD_TUI_CAPTURE, else
SCRIPT.capture.json).

options (before SCRIPT.py):
  --capture OUT.json  where to write the captures
  --keep N            how many captures keep their whole graph (default 20, at least 1)
  --quiet             no summary on standard error (autograd-tui reports for itself)
  --outcome-in-document
                      exit 0 whenever the document is written, however the script
                      ended: its outcome is in the document (autograd-tui reads it)
  -h, --help          show this help
"""



class UsageError(Exception):
    """Wrong arguments to the runner."""


class Options:
    """What the command line asked for."""

    def __init__(self, script: str, args: List[str], capture: Optional[str],
                 keep: int, quiet: bool = False, outcome_in_document: bool = False) -> None:
        self.script = script
        self.args = args
        self.capture = capture
        self.keep = keep
        self.quiet = quiet
        self.outcome_in_document = outcome_in_document


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
    outcome_in_document = False
    position = 1
    while position < len(items):
        item = items[position]
        if item in ("-h", "--help"):
            return None
        if item == "--quiet":
            quiet = True
            position += 1
            continue
        if item == "--outcome-in-document":
            outcome_in_document = True
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
    return Options(items[position], items[position + 1:], capture, keep, quiet,
                   outcome_in_document)


def standalone_status(outcome: Outcome, captured: int) -> int:
    """The exit status when run by hand (see the module docstring)."""
    if outcome.kind == Outcome.RAISED:
        return EXIT_RAISED
    if outcome.kind == Outcome.EXITED:
        return outcome.status if outcome.status is not None else EXIT_RAISED
    return EXIT_OK if captured else EXIT_NO_BACKWARD


def _end_on_signal(number: int, _frame: object) -> None:
    """End the script as ``sys.exit(128 + number)`` would: the captures are written."""
    raise SystemExit(128 + number)


def end_cleanly_on_signals() -> None:
    """Make SIGTERM, SIGHUP and SIGQUIT end the script through ``SystemExit``.

    Run under autograd-tui, which passes them on: the outcome is then ``exited`` with
    128 + the signal's number, and the captures made are written. A signal the
    script's parent ignored (``nohup``) stays ignored; the script may set its own.
    """
    for name in ("SIGTERM", "SIGHUP", "SIGQUIT"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, _end_on_signal)


def run_script(options: Options) -> Tuple[Outcome, Recorder, types.ModuleType]:
    """Run the script while recording: (how it ended, recorder, its ``__main__`` module).

    A notebook (``.ipynb``) runs its code cells in order (``notebook``), in its own folder.
    The traceback of an exception that ended it is printed as Python prints it.
    """
    path = os.path.abspath(options.script)
    try:
        with open(path, "rb") as stream:
            source = stream.read()
    except OSError as error:
        raise UsageError(f"can't open file {options.script!r}: {error.strerror}") from None
    cells = None
    if notebook.is_notebook(path):
        try:
            cells = notebook.read_cells(source)
        except notebook.NotebookError as error:
            raise UsageError(f"can't run {options.script!r}: {error}") from None
    os.environ["MPLBACKEND"] = "Agg"
    module = types.ModuleType("__main__")
    module.__builtins__ = builtins  # type: ignore[attr-defined]
    module.__spec__ = None
    if cells is None:
        module.__file__ = path
        module.__loader__ = importlib.machinery.SourceFileLoader("__main__", path)
        module.__cached__ = None  # type: ignore[attr-defined]
    else:
        module.display = notebook.display  # type: ignore[attr-defined]
    saved = (sys.argv, list(sys.path), sys.modules.get("__main__"), os.getcwd())
    sys.argv = [options.script] + options.args
    folder = os.path.dirname(path)
    if sys.path:
        sys.path[0] = folder
    else:
        sys.path.insert(0, folder)
    sys.modules["__main__"] = module
    recorder = Recorder(options.keep)
    outcome = Outcome.finished()
    if options.outcome_in_document:
        end_cleanly_on_signals()
    try:
        if cells is None:
            try:
                code = compile(source, path, "exec", dont_inherit=True)
            except (SyntaxError, ValueError) as error:  # ValueError: a null byte in the source
                return (Outcome.raised(exception_line(error), print_traceback(error)), recorder,
                        module)
        else:
            os.chdir(folder)  # as Jupyter runs a notebook
            skipped = sum(cell.skipped for cell in cells)
            if skipped:
                sys.stderr.write(notebook.skipped_note(skipped, options.script))
        with recorder, Headroom(stack_depth(sys._getframe()) + (cells is not None)):
            try:
                if cells is None:
                    exec(code, module.__dict__)
                else:
                    _run_cells(path, cells, module)
            except SystemExit as error:
                outcome = exited(error)
            except BaseException as error:
                try:
                    sys.stdout.flush()
                except Exception:
                    pass
                outcome = Outcome.raised(exception_line(error), print_traceback(error))
    finally:
        try:
            sys.stdout.flush()
        except Exception:
            pass
        sys.argv, sys.path[:], main = saved[0], saved[1], saved[2]
        if main is not None:
            sys.modules["__main__"] = main
        os.chdir(saved[3])
    return outcome, recorder, module


def _run_cells(path: str, cells: List[notebook.Cell], module: types.ModuleType) -> None:
    """Compile and run each code cell in turn, under its cell's file name; a cell that does
    not compile raises its ``SyntaxError`` after the cells before it ran, as in Jupyter."""
    for cell in cells:
        filename = notebook.cell_file(path, cell.number)
        notebook.register_source(filename, cell.text)
        exec(compile(cell.runnable, filename, "exec", dont_inherit=True), module.__dict__)


def ran_in(options: Options) -> str:
    """The folder the script ran in: a notebook's own, else the working folder."""
    if notebook.is_notebook(options.script):
        return os.path.dirname(os.path.abspath(options.script))
    return os.getcwd()


def findings(recorder: Recorder) -> List[Finding]:
    """What ``diagnosis.diagnose`` says about the script's engine, as ``diagnosis`` entries.

    A failure of it is said on standard error and ignored, as every failure of the bridge is.
    """
    try:
        entries = diagnose(recorder)
        return [Finding(str(entry["message"]), entry.get("file"), entry.get("line"))
                for entry in entries or ()]
    except Exception as error:
        sys.stderr.write(f"autograd-tui: could not diagnose the engine: "
                         f"{type(error).__name__}: {error}\n")
        return []


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
        outcome, recorder, module = run_script(options)
    except UsageError as error:
        sys.stderr.write(f"autograd-tui: {error}\n")
        return EXIT_USAGE
    try:
        count = recorder.count
        diagnosis = findings(recorder)
        folder = ran_in(options)
        try:
            write_document(out, recorder.store.engine,
                           display_path(os.path.abspath(options.script), folder),
                           recorder.store.parts(), keep=recorder.store.keep, calls=count,
                           cwd=folder, outcome=outcome, diagnosis=diagnosis)
        except OSError as error:
            sys.stderr.write(f"autograd-tui: could not write {out}: {error}\n")
            return EXIT_WRITE_FAILED
        status = EXIT_OK if options.outcome_in_document else standalone_status(outcome, count)
        if not options.quiet:
            _summarise(options, outcome, count, len(recorder.kept()), diagnosis, out)
        return status
    finally:
        recorder.close()


def _summarise(options: Options, outcome: Outcome, count: int, kept: int,
               diagnosis: List[Finding], out: str) -> None:
    """Say on standard error what was captured and where it was written."""
    if count == 0:
        sys.stderr.write(
            f"autograd-tui: {options.script} made no backward() call on a micrograd-style "
            "value, so there is nothing to capture; no capture written, only how the script "
            f"ended, to {display_path(out)}\n")
        for finding in diagnosis:
            place = "".join(f"{part}:" for part in (finding.file, finding.line)
                            if part is not None)
            sys.stderr.write(f"{place} {finding.message}\n" if place else
                             f"autograd-tui: {finding.message}\n")
        return
    calls = "call" if count == 1 else "calls"
    ending = " before the error" if outcome.kind == Outcome.RAISED else ""
    sys.stderr.write(
        f"autograd-tui: {count} backward() {calls} captured ({kept} with the whole graph)"
        f"{ending}, written to {display_path(out)}\n")
