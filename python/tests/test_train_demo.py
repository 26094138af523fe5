"""demos/train.ag against micrograd itself: the demo is what train_demo.py writes from
micrograd's own network, and `autograd-tui --train 100` gives micrograd's loss epoch for
epoch, to the last digit it prints.

micrograd's own losses differ from run to run around the 13th significant digit: its
``_prev`` is a set, so the order a shared weight's grad adds its terms in follows memory
addresses. So the table (six significant digits) must match exactly, and the JSON's every
bit within a relative 1e-11.

The binary is the one `swift build` makes in the repository, or $AUTOGRAD_TUI.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

import train_demo

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get(
    "AUTOGRAD_TUI", os.path.join(REPOSITORY, ".build", "debug", "autograd-tui"))
DEMO = os.path.join(REPOSITORY, "demos", "train.ag")
EPOCHS = 100


def run(*arguments: str) -> subprocess.CompletedProcess:
    """The binary, from the repository's root; it must succeed."""
    if not os.access(BINARY, os.X_OK):
        pytest.fail(f"no autograd-tui binary at {BINARY}: run `swift build` first "
                    "(or set AUTOGRAD_TUI)")
    result = subprocess.run([BINARY, *arguments], cwd=REPOSITORY, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


def test_the_demo_is_micrographs_network_written_out() -> None:
    with open(DEMO, encoding="utf-8") as demo:
        assert demo.read() == train_demo.ag_text()


def test_the_losses_are_micrographs_epoch_for_epoch() -> None:
    expected = train_demo.micrograd_losses(EPOCHS)
    document = json.loads(run("--json", "--train", str(EPOCHS), "demos/train.ag").stdout)
    losses = [epoch["loss"] for epoch in document["epochs"]]
    assert [epoch["epoch"] for epoch in document["epochs"]] == list(range(1, EPOCHS + 1))
    assert losses == pytest.approx(expected, rel=1e-11)
    # The loss goes down: the update moves every weight against its gradient.
    assert losses[-1] < losses[0] / 10


def test_the_printed_table_has_micrographs_numbers() -> None:
    expected = train_demo.micrograd_losses(EPOCHS)
    table = run("--train", str(EPOCHS), "demos/train.ag").stdout.splitlines()
    printed = {}
    for line in table:
        fields = line.split()
        if len(fields) == 2 and fields[0].isdigit():
            printed[int(fields[0])] = fields[1]
    # Every epoch up to 20, then a sample, always the last.
    assert list(printed)[:20] == list(range(1, 21)) and EPOCHS in printed
    for epoch, text in printed.items():
        assert text == "%.6g" % expected[epoch - 1], f"epoch {epoch}"
