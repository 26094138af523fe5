"""The pieces that keep a recorded call's memory down write exactly the text they replace."""

from __future__ import annotations

import json

import pytest

import os

from autograd_tui import capture as capture_module
from autograd_tui import nodetext
from autograd_tui import store as store_module
from autograd_tui.capture import Capture, assemble, before_members
from autograd_tui.nodetext import NodeText, Spilled
from autograd_tui.document import write_document
from autograd_tui.jsonnum import number_text, number_texts
from autograd_tui.store import CaptureStore


def lines_of(count: int):
    return ['{"id": %d, "data": %d.5}' % (n, n) for n in range(count)]


@pytest.mark.parametrize("spill", [False, True])
@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 5, 9])
def test_node_text_joins_as_one_join_would(monkeypatch, tmp_path, count, spill):
    monkeypatch.setattr(nodetext, "BLOCK_LINES", 2)
    monkeypatch.setattr(nodetext, "SPILL_CHARS", 30 if spill else 1 << 20)
    monkeypatch.setenv("AUTOGRAD_TUI_SPILL", str(tmp_path))
    text = NodeText()
    lines = lines_of(count)
    text.add(lines[:3])
    text.add(lines[3:])
    assert text.count == count
    parts = text.parts()
    files = [part for part in parts if isinstance(part, Spilled)]
    assert len(files) == (1 if spill and count > 1 else 0)
    assert len(os.listdir(tmp_path)) == len(files)
    made = Capture(parts, "1.0", None, "m.Value", count)
    assert made.body == ",\n".join(lines_of(count))
    assert made.length() == len(made.body)
    del parts, files, made
    assert os.listdir(tmp_path) == []  # the file goes with the capture


def test_a_list_of_lines_is_let_go_of_once_taken():
    lines = lines_of(5)
    NodeText().add(lines)
    assert lines == []


def test_node_text_reset_drops_its_file(monkeypatch, tmp_path):
    monkeypatch.setattr(nodetext, "SPILL_CHARS", 10)
    monkeypatch.setenv("AUTOGRAD_TUI_SPILL", str(tmp_path))
    text = NodeText()
    text.add(lines_of(4))
    assert len(os.listdir(tmp_path)) == 1
    text.reset()
    assert os.listdir(tmp_path) == [] and text.count == 0
    text.add(lines_of(1))
    assert Capture(text.parts(), "1.0", None, "m.Value", 1).body == lines_of(1)[0]


@pytest.mark.parametrize("folder", ["missing", "."])
def test_node_text_stays_in_memory_where_no_file_can_be_made_or_is_wanted(monkeypatch,
                                                                          tmp_path, folder):
    monkeypatch.setattr(nodetext, "SPILL_CHARS", 10)
    monkeypatch.setenv("AUTOGRAD_TUI_SPILL", str(tmp_path / folder))
    text = NodeText(spill=folder != ".")
    text.add(lines_of(4))
    assert "".join(text.parts()) == ",\n".join(lines_of(4))
    assert os.listdir(tmp_path) == []


def test_assemble_writes_the_members_in_their_order(monkeypatch):
    monkeypatch.setattr(nodetext, "BLOCK_LINES", 2)
    made = assemble(lines_of(5), 4, "4.5", "m.Value", call='{"file": "t.py", "line": 3}',
                    fired=[4, 2], raised="ValueError: x", pass_code='{"file": "e.py"}')
    expected = ('"root_data": 4.5, "call": {"file": "t.py", "line": 3}, "root": 4, '
                '"nodes": [\n' + ",\n".join(lines_of(5)) + '\n], "fired": [4, 2], '
                '"raised": "ValueError: x", "pass_code": {"file": "e.py"}')
    assert made.body == expected
    assert made.length() == len(expected)
    assert made.size == 5
    empty = assemble([], 0, "1.0", "m.Value")
    assert empty.body == '"root_data": 1.0, "root": 0, "nodes": [\n\n]'


def big_capture(step: int, nodes: int = 50) -> Capture:
    lines = lines_of(nodes)
    lines[0] = '{"id": 0, "step": %d}' % step
    return assemble(lines, nodes - 1, "%d.0" % step, "m.Value",
                    call='{"file": "train.py", "line": 9}')


def test_a_spilled_graph_is_copied_into_the_document_a_piece_at_a_time(monkeypatch,
                                                                         tmp_path):
    monkeypatch.setattr(store_module, "SPILL_BYTES", 100)
    monkeypatch.setattr(store_module, "READ_CHARS", 7)
    monkeypatch.setattr(nodetext, "BLOCK_LINES", 3)
    monkeypatch.setattr(nodetext, "SPILL_CHARS", 200)
    monkeypatch.setenv("AUTOGRAD_TUI_SPILL", str(tmp_path))
    store = CaptureStore(2)
    for step in range(5):
        store.add(big_capture(step))
    assert store._folder is not None
    parts = list(store.parts())
    streamed = [part for part in parts if not isinstance(part, str)]
    assert len(streamed) == 2  # the two kept graphs, from their files
    pieces = list(streamed[0])
    assert max(len(piece) for piece in pieces[1:-1]) <= 7
    texts = list(store.texts())
    assert ["".join(p) if not isinstance(p, str) else p for p in store.parts()] == texts
    path = tmp_path / "out.json"
    write_document(str(path), "m.Value", "train.py", store.parts(), keep=2, calls=5)
    captures = json.loads(path.read_text())["captures"]
    assert captures == [json.loads(text) for text in texts]
    assert [c["index"] for c in captures if c["kept"]] == [0, 4]
    assert captures[4]["nodes"][0] == {"id": 0, "step": 4}
    assert len(captures[4]["nodes"]) == 50
    store.close()
    assert os.listdir(tmp_path) == ["out.json"]  # no file of nodes, no folder of the store


def test_number_texts_share_only_texts_of_the_same_bits():
    values = [0.0, 0.0, -0.0, -0.0, 0.0, 1.5, 1.5, 2, 2.0, float("nan"), float("nan"),
              None, 1e300 * 1e10, 1e300 * 1e10]
    texts = number_texts(values)
    assert texts == [number_text(value) for value in values]
    assert texts[0] is texts[1] and texts[2] is texts[3] and texts[5] is texts[6]
    assert texts[2] == "-0.0" and texts[4] == "0.0"


def test_grad_before_members_are_shared_where_the_texts_are():
    before = number_texts([0.0] * 4 + [0.25])
    members = before_members(before)
    assert members == [', "grad_before": ' + text for text in before]
    assert len({id(member) for member in members}) == 2


def test_nodes_made_by_one_statement_share_one_location_text():
    import autograd_tui
    from micrograd.engine import Value

    from autograd_tui.recorder import HUB
    from autograd_tui.walk import walk

    with autograd_tui.record():
        total = Value(0.0)
        for k in range(6):
            total = total + Value(float(k)) * 2.0
        graph = walk(total, HUB.shapes, HUB.log)
        wheres = capture_module._locations(graph, None)
    assert wheres is not None and len(wheres) == len(graph.nodes)
    made = [where for where in wheres if '"made_by"' in where]
    assert len(made) == 6 * 3  # each step: the constant 2.0, the product, the sum
    assert len(set(made)) == 3  # three statements of micrograd make them
    assert len({id(where) for where in wheres}) == len(set(wheres))  # equal texts: one object


def recorded_body(deep: bool) -> str:
    """A recorded call's members: a graph of a dozen nodes, one ``_backward`` recursing
    without end when ``deep`` (the fast path then gives up halfway)."""
    import autograd_tui
    from engines import Good

    with autograd_tui.record() as recording:
        x = Good(0.5, label="x")
        y = x
        for k in range(5):
            y = (y + x * 2.0).tanh()
        product = y * Good(3.0)
        if deep:
            def _backward():
                _backward()
            product._backward = _backward
        z = product + x
        try:
            z.backward()
        except RecursionError:
            assert deep
    return recording.store.body(0)


@pytest.mark.parametrize("deep", [False, True])
def test_lines_handed_over_a_block_at_a_time_are_written_the_same(monkeypatch, tmp_path,
                                                                   deep):
    from autograd_tui import fastpath

    whole = recorded_body(deep)
    monkeypatch.setattr(fastpath, "BLOCK_LINES", 2)
    monkeypatch.setattr(fastpath, "_compiled", {})
    monkeypatch.setattr(nodetext, "BLOCK_LINES", 2)
    monkeypatch.setattr(nodetext, "SPILL_CHARS", 300)
    monkeypatch.setenv("AUTOGRAD_TUI_SPILL", str(tmp_path))
    used = fastpath.used_plan
    assert recorded_body(deep) == whole
    assert fastpath.used_plan == used + (0 if deep else 1)
    assert ("RecursionError" in whole) == deep
    assert os.listdir(tmp_path) == []
