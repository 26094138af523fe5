"""python3 -m autograd_tui run: the zero-edit path, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import PYTHON_DIR
from autograd_tui.runner import UsageError, parse


def run(tmp_path, *args, env=None):
    environment = dict(os.environ)
    environment["PYTHONPATH"] = PYTHON_DIR + os.pathsep + environment.get("PYTHONPATH", "")
    environment.pop("AUTOGRAD_TUI_CAPTURE", None)
    environment.pop("MPLBACKEND", None)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "autograd_tui", "run", *args],
                          cwd=tmp_path, env=environment, capture_output=True, text=True,
                          timeout=120)


def write(folder, name, source):
    path = folder / name
    path.write_text(textwrap.dedent(source))
    return path


TRAIN = """\
    import os, sys
    from micrograd.engine import Value
    import helper

    print("name", __name__, "argv", sys.argv, "path0", sys.path[0] == os.path.dirname(__file__))
    print("file", os.path.isabs(__file__), "mpl", os.environ.get("MPLBACKEND"))
    w = Value(0.25)
    for step in range(30):
        loss = (w * helper.X - 1.0) ** 2
        w.grad = 0.0
        loss.backward()
        w.data -= 0.1 * w.grad
    """


def test_a_training_loop(tmp_path):
    sub = tmp_path / "proj"
    sub.mkdir()
    write(sub, "train.py", TRAIN)
    write(sub, "helper.py", "X = 2.0\n")
    done = run(tmp_path, "--capture", "out.json", "--keep", "5", "proj/train.py", "a", "-b")
    assert done.returncode == 0, done.stderr
    assert "name __main__ argv ['proj/train.py', 'a', '-b'] path0 True" in done.stdout
    assert "file True mpl Agg" in done.stdout
    assert done.stderr.strip() == ("autograd-tui: 30 backward() calls captured (5 with the "
                                   "whole graph), written to out.json")
    doc = json.loads((tmp_path / "out.json").read_text())
    assert doc["script"] == "proj/train.py" and doc["keep"] == 5
    captures = doc["captures"]
    assert [c["index"] for c in captures] == list(range(30))
    kept = [c["index"] for c in captures if c["kept"]]
    assert kept[0] == 0 and kept[-1] == 29 and len(kept) <= 5
    assert all(c["call"] == {"file": "proj/train.py", "line": 11} for c in captures)
    roots = [c["root_data"] for c in captures]
    assert roots[0] == 0.25 and roots[1] == pytest.approx(0.01)  # w: 0.25 -> 0.45
    for capture in captures:
        if capture["kept"]:
            names = {n["label"] for n in capture["nodes"]}
            assert {"w", "loss"} <= names
            assert capture["fired"][0] == capture["root"]
        else:
            assert set(capture) == {"index", "kept", "call", "root_data"}


def test_the_script_raises(tmp_path):
    write(tmp_path, "boom.py", """\
        from micrograd.engine import Value

        def fail():
            raise ValueError("boom")

        a = Value(1.0)
        (a * 2).backward()
        fail()
        """)
    done = run(tmp_path, "boom.py", env={"AUTOGRAD_TUI_CAPTURE": "env.json"})
    assert done.returncode == 1
    path = str(tmp_path / "boom.py")
    assert done.stderr.startswith(
        "Traceback (most recent call last):\n"
        f'  File "{path}", line 8, in <module>\n'
        "    fail()\n")
    assert f'  File "{path}", line 4, in fail\n    raise ValueError("boom")\n' in done.stderr
    assert "ValueError: boom\n" in done.stderr
    assert "autograd_tui" not in done.stderr.split("ValueError: boom")[0]
    assert "1 backward() call captured (1 with the whole graph) before the error" in done.stderr
    assert len(json.loads((tmp_path / "env.json").read_text())["captures"]) == 1


def test_the_engine_raises_inside_backward(tmp_path):
    write(tmp_path, "engine_fails.py", """\
        class V:
            def __init__(self, data, children=()):
                self.data, self.grad, self._prev = data, 0.0, tuple(children)
                self._backward = lambda: None
            def __mul__(self, other):
                out = V(self.data * other.data, (self, other))
                def _backward():
                    raise ZeroDivisionError("in _backward")
                out._backward = _backward
                return out
            def backward(self):
                self.grad = 1.0
                self._backward()

        a = V(2.0)
        b = a * a
        b.backward()
        """)
    done = run(tmp_path, "engine_fails.py", "--capture", "ignored-as-script-arg")
    assert done.returncode == 1
    traceback = done.stderr.split("ZeroDivisionError: in _backward")[0]
    assert "autograd_tui" not in traceback and "line 17, in <module>" in traceback
    assert "line 13, in backward" in traceback and "line 8, in _backward" in traceback
    doc = json.loads((tmp_path / "engine_fails.capture.json").read_text())
    capture = doc["captures"][0]
    assert capture["raised"] == "ZeroDivisionError: in _backward"
    b = next(n for n in capture["nodes"] if n["label"] == "b")
    assert b["probe"] == [{"child": 0, "mode": "error",
                           "message": "ZeroDivisionError: in _backward"}]
    assert b["line"] == 16 and b["file"] == "engine_fails.py"  # not the engine's line 6


def test_no_backward_call(tmp_path):
    write(tmp_path, "quiet.py", "print('hello')\n")
    done = run(tmp_path, "--capture", "q.json", "quiet.py")
    assert done.returncode == 3
    assert done.stdout == "hello\n"
    assert "made no backward() call" in done.stderr and "no capture written" in done.stderr
    assert not (tmp_path / "q.json").exists()


def test_sys_exit_status_is_kept(tmp_path):
    write(tmp_path, "leave.py", """\
        import sys
        from micrograd.engine import Value
        (Value(1.0) * 3).backward()
        sys.exit(5)
        """)
    done = run(tmp_path, "--capture=c.json", "leave.py")
    assert done.returncode == 5
    assert (tmp_path / "c.json").exists()
    write(tmp_path, "leave0.py", "import sys\nsys.exit(0)\n")
    assert run(tmp_path, "leave0.py").returncode == 3


def test_usage_errors(tmp_path):
    assert run(tmp_path).returncode == 2
    missing = run(tmp_path, "missing.py")
    assert missing.returncode == 2 and "can't open file 'missing.py'" in missing.stderr
    assert run(tmp_path, "--keep", "0", "x.py").returncode == 2
    assert run(tmp_path, "--frobnicate", "x.py").returncode == 2
    helped = run(tmp_path, "--help")
    assert helped.returncode == 0 and helped.stdout.startswith("usage: python3 -m autograd_tui")


def test_parse():
    options = parse(["run", "--keep=3", "--capture", "o.json", "s.py", "--keep", "9"])
    assert (options.script, options.args, options.capture, options.keep) == (
        "s.py", ["--keep", "9"], "o.json", 3)
    options = parse(["run", "--", "-odd.py", "x"])
    assert (options.script, options.args) == ("-odd.py", ["x"])
    assert parse(["--help"]) is None
    for wrong in (["go", "s.py"], ["run"], ["run", "--keep"], ["run", "--keep", "x", "s.py"]):
        with pytest.raises(UsageError):
            parse(wrong)
