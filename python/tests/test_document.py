"""Which captures keep their whole graph, and how the document is written."""

from __future__ import annotations

import json
import os

import pytest

from autograd_tui import store as store_module
from autograd_tui.capture import Capture
from autograd_tui.document import write_document
from autograd_tui.store import CaptureStore, evenly_spaced


def capture(step: int) -> Capture:
    body = ('"root_data": %d.0, "call": {"file": "train.py", "line": 9}, "root": 0, '
            '"nodes": [{"id": 0, "step": %d}]' % (step, step))
    return Capture(body, "%d.0" % step, '{"file": "train.py", "line": 9}', "m.Value", 1)


def fill(keep: int, count: int) -> CaptureStore:
    store = CaptureStore(keep)
    for step in range(count):
        store.add(capture(step))
    return store


@pytest.mark.parametrize("keep", [2, 3, 5, 20])
@pytest.mark.parametrize("count", [1, 2, 7, 20, 21, 100, 1000])
def test_first_last_and_evenly_spaced(keep, count):
    store = fill(keep, count)
    kept = store.kept()
    assert len(kept) == min(keep, count)
    assert kept == sorted(set(kept))
    assert kept[0] == 0 and kept[-1] == count - 1
    assert len(store.held()) <= 2 * keep + 1  # bounded while recording
    if 1 < keep < count:
        for step, index in enumerate(kept):
            target = step * (count - 1) / (keep - 1)
            assert abs(index - target) <= max(1.0, count / keep)


def test_evenly_spaced_picks():
    assert evenly_spaced(list(range(0, 100, 10)) + [99], 100, 4) == [0, 30, 70, 99]
    assert evenly_spaced([0, 5, 9], 10, 5) == [0, 5, 9]
    assert evenly_spaced([0, 4, 8, 9], 10, 1) == [9]


def test_keep_one_keeps_only_the_last():
    assert fill(1, 50).kept() == [49]


def test_keep_must_be_positive():
    with pytest.raises(ValueError):
        CaptureStore(0)


def test_texts_of_kept_and_dropped_captures():
    store = fill(3, 10)
    texts = [json.loads(text) for text in store.texts()]
    assert [t["index"] for t in texts] == list(range(10))
    assert [t["root_data"] for t in texts] == [float(i) for i in range(10)]
    kept = [t for t in texts if t["kept"]]
    dropped = [t for t in texts if not t["kept"]]
    assert [t["index"] for t in kept] == store.kept()
    assert all(set(t) == {"index", "kept", "call", "root_data"} for t in dropped)
    assert all(t["nodes"][0]["step"] == t["index"] for t in kept)


def test_large_graphs_wait_in_temporary_files(monkeypatch):
    monkeypatch.setattr(store_module, "SPILL_BYTES", 10)
    store = fill(2, 30)
    folder = store._folder
    assert folder is not None
    assert sorted(os.listdir(folder)) == sorted(f"capture-{i}.json" for i in store.held())
    texts = [json.loads(text) for text in store.texts()]
    assert [t["index"] for t in texts if t["kept"]] == [0, 29]
    assert texts[29]["nodes"][0]["step"] == 29
    store.close()
    assert not os.path.exists(folder)


def test_write_document_is_atomic_and_strict(tmp_path):
    path = tmp_path / "out.json"
    path.write_text("old")
    write_document(str(path), "m.Value", "train.py", ['{"index": 0}'], keep=4, cwd="/w")
    data = json.loads(path.read_text())
    assert data == {"format": "autograd-capture/1", "engine": "m.Value", "script": "train.py",
                    "cwd": "/w", "bridge": data["bridge"], "keep": 4, "calls": 1,
                    "captures": [{"index": 0}]}
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]

    def failing():
        yield '{"index": 0}'
        raise RuntimeError("stop")
    with pytest.raises(RuntimeError):
        write_document(str(path), "m.Value", None, failing())
    assert json.loads(path.read_text())["keep"] == 4  # the old document is intact
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


class CountingDict(dict):
    """A dict that counts the keys its iterations hand out, and stops past ``limit``."""

    visited = 0
    limit = 0

    def __iter__(self):
        for key in super().__iter__():
            CountingDict.visited += 1
            if CountingDict.visited > CountingDict.limit:
                raise AssertionError("the store scans its held captures once per call")
            yield key


def test_many_calls_with_a_large_keep_cost_linear_work(monkeypatch):
    # 100,000 calls with --keep 20,000 once took 348 s: every call scanned all held captures.
    store = CaptureStore(20_000)
    store._held = CountingDict()
    count = 100_000
    CountingDict.visited, CountingDict.limit = 0, 10 * count
    for step in range(count):
        store.add(capture(step))
    kept = store.kept()
    assert kept[0] == 0 and kept[-1] == count - 1 and len(kept) <= 20_000


def big(step: int, size: int = 30_000) -> Capture:
    """A capture that says it has ``size`` nodes."""
    small = capture(step)
    return Capture(small.body, small.root_data, small.call, small.engine, size)


def record_as_scheduled(keep: int, count: int, size: int = 30_000):
    """Run the schedule: record the calls the store wants, skip the others."""
    store = CaptureStore(keep)
    recorded = []
    for step in range(count):
        if store.wants():
            recorded.append(step)
            store.add(big(step, size))
        else:
            store.skip(big(step, size))
    return store, recorded


def test_large_graphs_are_recorded_on_a_sparse_schedule():
    store, recorded = record_as_scheduled(20, 40)
    assert recorded == [0, 32]  # 30,000 nodes spend the budget at once
    assert store.kept() == [0, 32]
    texts = [json.loads(text) for text in store.texts()]
    assert [t["index"] for t in texts] == list(range(40))
    assert [t["index"] for t in texts if t["kept"]] == [0, 32]


def test_small_graphs_are_recorded_until_the_budget_is_spent():
    store, recorded = record_as_scheduled(3, 100, size=1_000)
    assert recorded == list(range(20)) + [32, 64, 96]
    assert store.kept() == [0, 64, 96]


@pytest.mark.parametrize("keep", [1, 2, 5, 20])
def test_the_schedule_stays_sparse_and_spread_on_long_runs(keep):
    count = 1000
    store, recorded = record_as_scheduled(keep, count, size=100_000)
    assert recorded[:2] == [0, store_module.MIN_STRIDE]
    assert len(recorded) <= 2 * keep + keep * 10 + 1  # about cap + keep/2 per doubling
    assert len(store.held()) <= 2 * keep + 1
    kept = store.kept()
    assert len(kept) == min(keep, len(store.held()))
    assert count - 1 - kept[-1] <= max(store.stride, store_module.MIN_STRIDE)
    if keep > 1:
        assert kept[0] == 0
