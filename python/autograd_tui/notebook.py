"""Jupyter notebooks run unchanged: their code cells in order, in one namespace.

``autograd-tui notebook.ipynb`` runs the notebook as Jupyter's "Run All"
would: every code cell, top to bottom, in one ``__main__`` namespace, with
the notebook's folder as the working folder and first on ``sys.path``, until
a cell raises. Lines Python cannot run are IPython's own and are skipped:

- a line magic (``%matplotlib inline``) or a shell escape (``!pip install
  micrograd``) that starts a statement, with its backslash continuations,
  also when assigned (``files = !ls``); it becomes ``pass`` so that an
  indented block stays a block;
- a cell that starts with a cell magic (``%%timeit``, ``%%bash``): the whole cell.

Two magics that time or quiet a statement run what they wrap, once, as IPython
runs it: ``%time STATEMENT`` (also ``x = %time f()``) runs the statement, and a
cell that starts with ``%%time`` or ``%%capture`` runs its body. ``%timeit``
(which runs its statement many times, in a scope of its own) is skipped.

Each code cell is compiled on its own under a file name that says the cell
(``cell_file``), so frames and tracebacks name the cell; ``location_members``
turns such a name into the capture's ``"file"`` and ``"cell"`` members.
Cells are numbered from 1 as the notebook shows them, markdown cells
included, and lines from 1 within their cell.
"""

from __future__ import annotations

import json
import linecache
import re
from typing import Dict, List, Optional, Tuple

from .frames import display_path
from .jsonnum import string_text

SUFFIX = ".ipynb"

# A traceback's frame line that names a cell: `  File "/a/nb.ipynb#cell3", line 4`.
_TRACEBACK_FRAME = re.compile(
    r'^(?P<indent>\s*)File "(?P<path>[^"\n]*\.(?i:ipynb))#cell(?P<cell>[0-9]+)", line ',
    re.MULTILINE)
# A statement that is IPython's: a magic or shell escape, or one assigned to a name.
_IPYTHON_LINE = re.compile(r"^\s*(?:[A-Za-z_][\w.]*\s*=\s*)?[%!]")

# A line magic that runs the statement after it once, in the namespace, as IPython does:
# `%time c = a * b`, `t = %time f(x)`.
_RUNS_ITS_LINE = re.compile(
    r"^(?P<indent>\s*)(?P<target>[A-Za-z_][\w.]*\s*=\s*)?%time[ \t]+(?=\S)")
# A cell magic whose cell body runs once, as written: `%%time`, `%%capture out`.
_RUNS_ITS_CELL = re.compile(r"^\s*%%(?:time|capture)\b")

# The cell files compiled in this process, to their notebook and cell number.
_cells: Dict[str, Tuple[str, int]] = {}


class NotebookError(Exception):
    """The file is not a notebook this runner can read."""


class Cell:
    """One code cell, ready to run: its number, its text as written, and the text run."""

    def __init__(self, number: int, text: str, runnable: str, skipped: int) -> None:
        self.number = number
        self.text = text
        self.runnable = runnable
        self.skipped = skipped


def is_notebook(path: str) -> bool:
    """Whether ``path`` names a notebook (``.ipynb``, any case)."""
    return path.lower().endswith(SUFFIX)


def read_cells(data: bytes) -> List[Cell]:
    """The code cells of an nbformat 4 notebook, numbered among all its cells from 1."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise NotebookError(f"not a notebook (JSON): {error}") from None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        raise NotebookError('not a notebook: the document has no "cells" list')
    found = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        runnable, skipped = runnable_text(text)
        found.append(Cell(number, text, runnable, skipped))
    return found


def runnable_text(text: str) -> Tuple[str, int]:
    """``text`` with its IPython lines made ``pass`` (see the module), and how many there were.

    Lines keep their numbers: a skipped line becomes ``pass`` at its indentation, and a
    cell magic's cell becomes empty lines.
    """
    lines = text.split("\n")
    skipped = 0
    if text.lstrip().startswith("%%"):
        first = next(index for index, line in enumerate(lines) if line.strip())
        if _RUNS_ITS_CELL.match(lines[first]):
            lines[first] = ""  # the body runs, as Jupyter runs it
        else:
            counted = [line for line in lines if line.strip()]
            return "\n" * (len(lines) - 1), len(counted)
    scanner = _Scanner()
    continuing = False
    for index, line in enumerate(lines):
        if continuing:  # a backslash continuation of a skipped line
            continuing = line.rstrip().endswith("\\")
            lines[index] = ""
            skipped += 1
        elif scanner.at_statement_start() and _RUNS_ITS_LINE.match(line):
            found = _RUNS_ITS_LINE.match(line)
            assert found is not None
            lines[index] = found.group("indent") + (found.group("target") or "") + \
                line[found.end():]
            scanner.feed(lines[index])
        elif scanner.at_statement_start() and _IPYTHON_LINE.match(line):
            continuing = line.rstrip().endswith("\\")
            lines[index] = line[:len(line) - len(line.lstrip())] + "pass"
            skipped += 1
        else:
            scanner.feed(line)
    return "\n".join(lines), skipped


class _Scanner:
    """Just enough of Python's tokenizer to tell where a statement starts.

    It follows string literals (single, triple, with escapes), comments, brackets and
    backslash continuations, line by line.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.quote: Optional[str] = None
        self.continued = False

    def at_statement_start(self) -> bool:
        """Whether the next line starts a statement (not inside brackets or a string)."""
        return self.depth == 0 and self.quote is None and not self.continued

    def feed(self, line: str) -> None:
        """Follow ``line``'s strings, brackets and continuation."""
        position = 0
        length = len(line)
        self.continued = False
        while position < length:
            char = line[position]
            if self.quote is not None:
                if char == "\\":
                    position += 2
                    continue
                if line.startswith(self.quote, position):
                    position += len(self.quote)
                    self.quote = None
                    continue
                position += 1
                continue
            if char == "#":
                break
            if char in "\"'":
                triple = line[position:position + 3]
                self.quote = triple if triple in ('"""', "'''") else char
                position += len(self.quote)
                continue
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(0, self.depth - 1)
            elif char == "\\" and position == length - 1:
                self.continued = True
            position += 1
        if self.quote is not None and len(self.quote) == 1:
            self.quote = None  # an unterminated one-line string ends with its line


def cell_file(notebook: str, number: int) -> str:
    """The file name cell ``number`` of ``notebook`` (an absolute path) is compiled under."""
    name = f"{notebook}#cell{number}"
    _cells[name] = (notebook, number)
    return name


def register_source(filename: str, text: str) -> None:
    """Let ``linecache`` (tracebacks, ``inspect``) read ``text`` as the file ``filename``."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    linecache.cache[filename] = (len(text), None, lines, filename)


def split_cell(filename: str) -> Tuple[str, Optional[int]]:
    """``(notebook, cell)`` for a compiled cell's file name, else ``(filename, None)``."""
    known = _cells.get(filename)
    if known is not None:
        return known
    return filename, None


def location_members(filename: str, cwd: Optional[str]) -> str:
    """The capture's ``"file": ...`` member for a frame's file, and ``"cell": N`` for a cell.

    The file is shown as ``display_path`` shows it: relative to the working folder when
    inside it.
    """
    path, cell = split_cell(filename)
    text = '"file": ' + string_text(display_path(path, cwd) or path)
    return text if cell is None else text + ', "cell": %d' % cell


def traceback_for_people(text: str) -> str:
    """A traceback's cell frames as ``File "nb.ipynb", cell 3, line 4, in <module>``."""
    def frame(match: "re.Match[str]") -> str:
        """One frame's line, the cell said apart from the file."""
        indent, path, cell = match.group("indent", "path", "cell")
        return f'{indent}File "{path}", cell {cell}, line '
    return _TRACEBACK_FRAME.sub(frame, text)


def skipped_note(skipped: int, notebook: str) -> str:
    """The one line said when IPython lines were skipped."""
    lines = "line" if skipped == 1 else "lines"
    return (f"autograd-tui: skipped {skipped} IPython {lines} (%magic, !shell, %%cell) "
            f"in {notebook}: Python cannot run them\n")


def display(*objects: object, **options: object) -> None:
    """Jupyter's ``display``, for notebooks that call it without importing it: each object's
    ``repr`` on a line of its own (there is no notebook to render into)."""
    for item in objects:
        print(repr(item))
