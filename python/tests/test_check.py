"""check(root): runs autograd-tui --check on a temporary capture, or says how to get it."""

from __future__ import annotations

import importlib
import json
import os
import stat

import pytest
from micrograd.engine import Value

import autograd_tui

check_module = importlib.import_module("autograd_tui.check")


def fake_binary(folder, status, text):
    """A stand-in for autograd-tui that prints ``text``, copies the capture, exits ``status``."""
    path = folder / "autograd-tui"
    path.write_text(f"""#!/bin/sh
[ "$1" = "--check" ] || exit 64
cp "$2" "{folder}/seen.json"
echo "{text}"
exit {status}
""")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def graph():
    a = Value(2.0)
    b = a * a
    b.backward()
    return b


def test_verdict_none(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AUTOGRAD_TUI", str(fake_binary(tmp_path, 0, "verdict: none")))
    b = graph()
    assert autograd_tui.check(b) is True
    assert capsys.readouterr().out == "verdict: none\n"
    seen = json.loads((tmp_path / "seen.json").read_text())
    assert [n["label"] for n in seen["captures"][0]["nodes"]] == [None, "b"]  # a: not here
    assert not [p for p in os.listdir(os.path.dirname(str(tmp_path / "x")))
                if p.startswith("autograd-capture-")]


def test_verdict_wrong(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AUTOGRAD_TUI", str(fake_binary(tmp_path, 1, "verdict: local at b")))
    assert autograd_tui.check(graph()) is False
    assert "verdict: local at b" in capsys.readouterr().out


def test_found_on_path(tmp_path, monkeypatch, capsys):
    fake_binary(tmp_path, 0, "from PATH")
    monkeypatch.delenv("AUTOGRAD_TUI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path) + os.pathsep + os.environ["PATH"])
    assert autograd_tui.check(graph()) is True
    assert capsys.readouterr().out == "from PATH\n"


def test_not_found(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("AUTOGRAD_TUI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert autograd_tui.check(graph()) is None
    message = capsys.readouterr().out
    assert message.startswith("autograd-tui was not found: install it with `pip install .`")
    assert "AUTOGRAD_TUI" in message


def test_other_status(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AUTOGRAD_TUI", str(fake_binary(tmp_path, 65, "bad capture")))
    assert autograd_tui.check(graph()) is None
    assert "exited with status 65" in capsys.readouterr().out


def test_find_binary_prefers_the_environment(tmp_path, monkeypatch):
    path = fake_binary(tmp_path, 0, "x")
    monkeypatch.setenv("AUTOGRAD_TUI", str(path))
    assert check_module.find_binary() == str(path)
    monkeypatch.setenv("AUTOGRAD_TUI", str(tmp_path / "nothing-here"))
    assert check_module.find_binary() is None


def test_not_a_node(monkeypatch, tmp_path):
    monkeypatch.delenv("AUTOGRAD_TUI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(TypeError):
        autograd_tui.check(42)
