"""Shared test helpers: the working tree's package first on sys.path, a fresh bridge per
test, and reading a capture back."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Dict, List, Optional

import pytest

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
for folder in (TESTS_DIR, PYTHON_DIR):
    if folder not in sys.path:
        sys.path.insert(0, folder)

from autograd_tui.recorder import HUB  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_bridge() -> Any:
    """Each test starts with no known classes, no creation log, no recording."""
    HUB.reset()
    yield
    assert not HUB.recorders, "a test left a recording running"
    HUB.reset()


class Doc:
    """A capture document read back, with helpers to find nodes."""

    def __init__(self, data: Dict[str, Any]) -> None:
        self.data = data
        self.captures: List[Dict[str, Any]] = data["captures"]

    def capture(self, index: int = -1) -> Dict[str, Any]:
        return self.captures[index]

    def nodes(self, index: int = -1) -> List[Dict[str, Any]]:
        return self.captures[index]["nodes"]

    def by_label(self, label: str, index: int = -1) -> Dict[str, Any]:
        found = [n for n in self.nodes(index) if n["label"] == label]
        assert len(found) == 1, f"{len(found)} nodes labelled {label!r}"
        return found[0]

    def label_of(self, node_id: int, index: int = -1) -> Optional[str]:
        return self.nodes(index)[node_id]["label"]

    def probe(self, label: str, index: int = -1) -> Dict[str, Dict[str, Any]]:
        """The probe entries of a node, keyed by the child's label."""
        node = self.by_label(label, index)
        return {self.label_of(entry["child"], index): entry for entry in node["probe"]}


def read(path: Any) -> Doc:
    with open(path, encoding="utf-8") as stream:
        return Doc(json.load(stream))


@pytest.fixture
def out(tmp_path: Any) -> str:
    """A path for a capture document."""
    return str(tmp_path / "capture.json")
