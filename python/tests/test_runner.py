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
    doc = json.loads((tmp_path / "env.json").read_text())
    assert len(doc["captures"]) == 1 and doc["calls"] == 1
    # The document holds the traceback exactly as printed.
    printed = done.stderr[:done.stderr.index("ValueError: boom\n") + len("ValueError: boom\n")]
    assert doc["outcome"] == {"kind": "raised", "exception": "ValueError: boom",
                              "traceback": printed}


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
    doc = json.loads((tmp_path / "q.json").read_text())
    assert doc["captures"] == [] and doc["calls"] == 0 and doc["engine"] is None
    assert doc["outcome"] == {"kind": "finished"}
    assert doc.get("diagnosis", []) == [] or all(
        set(entry) == {"message", "file", "line"} for entry in doc["diagnosis"])


def test_sys_exit_status_is_kept(tmp_path):
    write(tmp_path, "leave.py", """\
        import sys
        from micrograd.engine import Value
        (Value(1.0) * 3).backward()
        sys.exit(5)
        """)
    done = run(tmp_path, "--capture=c.json", "leave.py")
    assert done.returncode == 5
    doc = json.loads((tmp_path / "c.json").read_text())
    assert doc["outcome"] == {"kind": "exited", "status": 5} and doc["calls"] == 1
    write(tmp_path, "leave0.py", "import sys\nsys.exit(0)\n")
    assert run(tmp_path, "leave0.py").returncode == 3


BACKWARD_THEN = """\
    import sys
    from micrograd.engine import Value
    a = Value(2.0)
    (a * a).backward()
    {ending}
    """


@pytest.mark.parametrize("ending, outcome", [
    ("pass", {"kind": "finished"}),
    ("sys.exit(0)", {"kind": "finished"}),
    ("sys.exit()", {"kind": "finished"}),
    ("sys.exit(3)", {"kind": "exited", "status": 3}),
    ("sys.exit(2)", {"kind": "exited", "status": 2}),
    ("sys.exit('goodbye')", {"kind": "exited", "status": 1}),
])
def test_outcome_of_an_ending(tmp_path, ending, outcome):
    """Run by autograd-tui, the status is 0 whatever the script did: the outcome says it."""
    write(tmp_path, "end.py", BACKWARD_THEN.format(ending=ending))
    done = run(tmp_path, "--quiet", "--outcome-in-document", "--capture", "o.json", "end.py")
    assert done.returncode == 0, done.stderr
    doc = json.loads((tmp_path / "o.json").read_text())
    assert doc["outcome"] == outcome
    assert doc["calls"] == 1 and len(doc["captures"]) == 1
    if ending == "sys.exit('goodbye')":
        assert done.stderr == "goodbye\n"  # as Python prints it
    else:
        assert done.stderr == ""
    # By hand, the status is the script's own.
    by_hand = run(tmp_path, "--quiet", "--capture", "h.json", "end.py")
    assert by_hand.returncode == outcome.get("status", 0)


def test_raised_after_backward_in_the_document(tmp_path):
    write(tmp_path, "late.py", BACKWARD_THEN.format(ending="(a * 3).backward(); int('x')"))
    done = run(tmp_path, "--quiet", "--outcome-in-document", "--capture", "o.json", "late.py")
    assert done.returncode == 0
    doc = json.loads((tmp_path / "o.json").read_text())
    outcome = doc["outcome"]
    assert outcome["kind"] == "raised" and doc["calls"] == 2
    assert outcome["exception"] == "ValueError: invalid literal for int() with base 10: 'x'"
    assert done.stderr == outcome["traceback"]  # printed once, as Python prints it
    assert outcome["traceback"].startswith("Traceback (most recent call last):\n")
    assert "line 5, in <module>" in outcome["traceback"]
    assert "autograd_tui" not in outcome["traceback"]


def test_raised_before_any_backward(tmp_path):
    write(tmp_path, "early.py", """\
        class Bad(Exception):
            pass
        raise Bad("before")
        """)
    done = run(tmp_path, "--quiet", "--outcome-in-document", "--capture", "o.json", "early.py")
    assert done.returncode == 0
    doc = json.loads((tmp_path / "o.json").read_text())
    assert doc["captures"] == [] and doc["calls"] == 0
    assert doc["outcome"]["kind"] == "raised"
    assert doc["outcome"]["exception"] == "Bad: before"  # __main__ is not named, as Python does
    assert doc["outcome"]["traceback"].endswith("Bad: before\n")
    by_hand = run(tmp_path, "--quiet", "--capture", "h.json", "early.py")
    assert by_hand.returncode == 1


def test_syntax_error_is_raised(tmp_path):
    write(tmp_path, "broken.py", "x = (\n")
    done = run(tmp_path, "--quiet", "--outcome-in-document", "--capture", "o.json", "broken.py")
    assert done.returncode == 0
    outcome = json.loads((tmp_path / "o.json").read_text())["outcome"]
    assert outcome["kind"] == "raised" and outcome["exception"].startswith("SyntaxError: ")
    assert "(broken.py, line" not in outcome["exception"]  # the place is in the traceback
    assert outcome["traceback"] == done.stderr


def test_keyboard_interrupt_is_raised(tmp_path):
    write(tmp_path, "stopped.py", BACKWARD_THEN.format(ending="raise KeyboardInterrupt"))
    done = run(tmp_path, "--quiet", "--outcome-in-document", "--capture", "o.json", "stopped.py")
    assert done.returncode == 0
    doc = json.loads((tmp_path / "o.json").read_text())
    assert doc["outcome"]["kind"] == "raised" and doc["calls"] == 1
    assert doc["outcome"]["exception"] == "KeyboardInterrupt"
    assert doc["outcome"]["traceback"].endswith("KeyboardInterrupt\n")


def test_the_bridge_own_failures_keep_their_status(tmp_path):
    write(tmp_path, "fine.py", BACKWARD_THEN.format(ending="pass"))
    missing = run(tmp_path, "--outcome-in-document", "--capture", "o.json", "missing.py")
    assert missing.returncode == 2 and not (tmp_path / "o.json").exists()
    unwritable = run(tmp_path, "--outcome-in-document", "--capture",
                     str(tmp_path / "no-such-folder" / "o.json"), "fine.py")
    assert unwritable.returncode == 4 and "could not write" in unwritable.stderr


def test_diagnosis_is_written_when_nothing_is_captured(tmp_path, monkeypatch):
    """Whatever ``diagnosis.diagnose`` returns lands in the document, place and all."""
    from autograd_tui import runner
    from autograd_tui.document import Outcome

    monkeypatch.setattr(runner, "diagnose", lambda recorder: [
        {"message": "Value has no _backward", "file": "engine.py", "line": 3},
        {"message": f"{recorder.count} captured", "file": None, "line": None}])
    write(tmp_path, "nothing.py", "marker = 1\n")
    status = runner.main(["run", "--quiet", "--outcome-in-document", "--capture",
                          str(tmp_path / "d.json"), str(tmp_path / "nothing.py")])
    assert status == 0
    doc = json.loads((tmp_path / "d.json").read_text())
    assert doc["diagnosis"] == [
        {"message": "Value has no _backward", "file": "engine.py", "line": 3},
        {"message": "0 captured", "file": None, "line": None}]
    assert doc["outcome"] == json.loads(Outcome.finished().text())


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
    assert not options.outcome_in_document
    options = parse(["run", "--quiet", "--outcome-in-document", "s.py", "--outcome-in-document"])
    assert options.outcome_in_document and options.args == ["--outcome-in-document"]
    assert parse(["--help"]) is None
    for wrong in (["go", "s.py"], ["run"], ["run", "--keep"], ["run", "--keep", "x", "s.py"]):
        with pytest.raises(UsageError):
            parse(wrong)
