"""Notebooks run unchanged: code cells in order, IPython lines skipped, locations by cell."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import PYTHON_DIR
from autograd_tui.notebook import location_members, runnable_text, traceback_for_people

ENGINE = """\
class Value:
    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other))
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def backward(self):
        self.grad = 1.0
        for v in (self, *self._prev):
            v._backward()
"""


def notebook(folder, name, cells):
    """Write a notebook of ``(cell_type, source)`` cells; a source may be a list of lines."""
    document = {"cells": [{"cell_type": kind, "metadata": {}, "source": source}
                          for kind, source in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = folder / name
    path.write_text(json.dumps(document))
    return path


def run(cwd, *args):
    environment = dict(os.environ)
    environment["PYTHONPATH"] = PYTHON_DIR + os.pathsep + environment.get("PYTHONPATH", "")
    environment.pop("AUTOGRAD_TUI_CAPTURE", None)
    return subprocess.run([sys.executable, "-m", "autograd_tui", "run", *args], cwd=cwd,
                          env=environment, capture_output=True, text=True, timeout=120)


def test_magics_and_shell_lines_become_pass_and_keep_their_lines():
    text = ("%matplotlib inline\nimport math\n!pip install \\\n  micrograd\n"
            "for i in range(2):\n    %timeit f(i)\nnames = !ls\n")
    runnable, skipped = runnable_text(text)
    assert runnable == ("pass\nimport math\npass\n\nfor i in range(2):\n    pass\npass\n")
    assert skipped == 5
    compile(runnable, "cell", "exec")


def test_lines_inside_strings_and_brackets_are_not_ipython():
    text = 's = """\n%d items\n!important\n"""\nt = (1,\n     !x)\n'
    runnable, skipped = runnable_text(text)
    assert runnable == text
    assert skipped == 0


def test_a_cell_magic_skips_its_whole_cell():
    runnable, skipped = runnable_text("%%timeit\nx = 1\n\ny = 2")
    assert runnable == "\n\n\n"
    assert skipped == 3


def test_time_runs_the_statement_and_the_cell_it_wraps():
    # Jupyter runs both (finding 6): `%time c = a * b` binds c; a %%time cell runs its body
    runnable, skipped = runnable_text("%time c = a * \\\n  b\nt = %time c + 1\n"
                                      "for i in x:\n    %time f(i)\n")
    assert runnable == "c = a * \\\n  b\nt = c + 1\nfor i in x:\n    f(i)\n"
    assert skipped == 0
    assert runnable_text("%%time\nx = 1\n%matplotlib inline\ny = 2") == (
        "\nx = 1\npass\ny = 2", 1)
    assert runnable_text("\n%%capture out\nx = 1")[0] == "\n\nx = 1"


def test_a_notebook_with_time_magics_runs_as_jupyter_runs_it(tmp_path):
    path = notebook(tmp_path, "timed.ipynb", [
        ("code", ENGINE),
        ("code", "%%time\na = Value(2.0)\nb = a * a\nb.backward()\n"),
        ("code", "a = Value(2.0); b = Value(-3.0)\n%time c = a * b\nc.backward()\n"
                 "print(a.grad, b.grad)\n")])
    done = run(tmp_path, "--capture", "out.json", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "-3.0 2.0\n"
    with open(tmp_path / "out.json", encoding="utf-8") as stream:
        document = json.load(stream)
    assert document["calls"] == 2
    assert [capture["call"] for capture in document["captures"]] == [
        {"file": "timed.ipynb", "cell": 2, "line": 4},
        {"file": "timed.ipynb", "cell": 3, "line": 3}]


def test_a_cell_is_a_file_and_a_cell_in_the_capture():
    from autograd_tui.notebook import cell_file
    name = cell_file("/work/nb.ipynb", 3)
    assert location_members(name, "/work") == '"file": "nb.ipynb", "cell": 3'
    assert location_members("/work/train.py", "/work") == '"file": "train.py"'
    frame = f'  File "{name}", line 4, in <module>\n'
    assert traceback_for_people(frame) == '  File "/work/nb.ipynb", cell 3, line 4, in <module>\n'


def test_a_notebook_runs_in_its_folder_and_names_cells(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "data.txt").write_text("2.5")
    notebook(folder, "train.ipynb", [
        ("markdown", "# An engine"),
        ("code", ["%matplotlib inline\n", "!pip install micrograd\n", ENGINE]),
        ("markdown", ["Training"]),
        ("code", "a = Value(float(open('data.txt').read()))\nb = Value(4.0)\n"
                 "c = a * b\nc.backward()\ndisplay(c.data)\n"),
    ])
    done = run(tmp_path, "--capture", "out.json", "notes/train.ipynb")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "10.0\n"
    assert done.stderr.splitlines()[0] == (
        "autograd-tui: skipped 2 IPython lines (%magic, !shell, %%cell) in notes/train.ipynb: "
        "Python cannot run them")
    document = json.loads((tmp_path / "out.json").read_text())
    assert document["script"] == "train.ipynb"
    assert document["cwd"] == str(folder)
    capture = document["captures"][0]
    assert capture["call"] == {"file": "train.ipynb", "cell": 4, "line": 4}
    places = {node["label"] if node["label"] else node["id"]: (node["cell"], node["line"])
              for node in capture["nodes"]}
    # a and b are made on lines 1 and 2 of cell 4, c on line 3: cells count markdown too.
    assert sorted(places.values()) == [(4, 1), (4, 2), (4, 3)]


def test_a_cell_that_raises_is_named_in_the_traceback(tmp_path):
    notebook(tmp_path, "bad.ipynb", [
        ("code", ENGINE),
        ("markdown", "then"),
        ("code", "a = Value(1.0)\nb = a * a\nb.backward()\nraise ValueError('late')\n"),
        ("code", "print('never')\n"),
    ])
    done = run(tmp_path, "--capture", "out.json", "bad.ipynb")
    assert done.returncode == 1
    assert "never" not in done.stdout
    bad = os.path.join(str(tmp_path), "bad.ipynb")
    assert f'  File "{bad}", cell 3, line 4, in <module>\n    raise ValueError(\'late\')\n' \
        in done.stderr
    document = json.loads((tmp_path / "out.json").read_text())
    assert document["outcome"]["exception"] == "ValueError: late"
    assert document["calls"] == 1


def test_a_syntax_error_stops_at_its_cell_after_the_cells_before_ran(tmp_path):
    notebook(tmp_path, "syntax.ipynb", [
        ("code", "print('first')\n"),
        ("code", "x = (\n"),
    ])
    done = run(tmp_path, "--capture", "out.json", "syntax.ipynb")
    assert done.stdout == "first\n"
    assert ", cell 2, line 1" in done.stderr
    document = json.loads((tmp_path / "out.json").read_text())
    assert document["outcome"]["kind"] == "raised"
    assert document["outcome"]["exception"].startswith("SyntaxError:")


def test_a_file_that_is_not_a_notebook_is_refused(tmp_path):
    (tmp_path / "broken.ipynb").write_text("{not json")
    done = run(tmp_path, "--capture", "out.json", "broken.ipynb")
    assert done.returncode == 2
    assert "can't run 'broken.ipynb': not a notebook" in done.stderr
    assert not (tmp_path / "out.json").exists()
