"""The training demo, demos/train.ag, and the same network trained by micrograd itself.

The network is micrograd's ``MLP(3, [4, 4, 1])`` (ReLU hidden layers, a linear output) on
the four samples of karpathy's lecture, its loss the summed squared error, trained by
``p.data += -0.05 * p.grad``. ``random.seed(SEED)`` picks the initial weights as
``micrograd.nn`` does; the demo writes each weight in shortest round-trip form, so it reads
back as the same 64-bit float.

Run it to (re)write the demo::

    python3 python/tests/train_demo.py > demos/train.ag

The test test_train_demo.py checks that the demo is what this writes, and that autograd-tui's
losses agree with micrograd's epoch for epoch.
"""

from __future__ import annotations

import random
import sys
from typing import List, Sequence

from micrograd.nn import MLP

SEED = 29
"""The seed of micrograd's weights."""

INPUTS: List[List[float]] = [
    [2.0, 3.0, -1.0],
    [3.0, -1.0, 0.5],
    [0.5, 1.0, 1.0],
    [1.0, 1.0, -1.0],
]
"""The four samples of the lecture."""

TARGETS: List[float] = [1.0, -1.0, -1.0, 1.0]
"""What the network should give for each sample."""

RATE = 0.05
"""The learning rate."""


def network() -> MLP:
    """micrograd's ``MLP(3, [4, 4, 1])`` with the weights ``random.seed(SEED)`` gives."""
    random.seed(SEED)
    return MLP(3, [4, 4, 1])


def micrograd_losses(epochs: int) -> List[float]:
    """The loss of each epoch when micrograd trains the network, as the lecture does."""
    model = network()
    losses = []
    for _ in range(epochs):
        predictions = [model(x) for x in INPUTS]
        loss = sum((out - target) ** 2 for target, out in zip(TARGETS, predictions))
        model.zero_grad()
        loss.backward()
        for parameter in model.parameters():
            parameter.data += -RATE * parameter.grad
        losses.append(loss.data)
    return losses


def _name(layer: int, neuron: int, weight: int = 0) -> str:
    """``l1n2w3`` for weight 3 of neuron 2 of layer 1, ``l1n2b`` for its bias."""
    return f"l{layer}n{neuron}" + (f"w{weight}" if weight else "b")


def _number(value: float) -> str:
    """A float as Python's repr writes it: it reads back as the same float."""
    return repr(float(value))


def _activation(layer: int, sample: int, neuron: int) -> str:
    return f"s{sample}l{layer}n{neuron}"


def ag_text() -> str:
    """demos/train.ag: the network written out, one statement per neuron and sample."""
    model = network()
    lines = [
        "# train.ag: a 3-4-4-1 network learns four samples, epoch after epoch.",
        "#",
        "# micrograd's MLP(3, [4, 4, 1]): two hidden layers of ReLU neurons and a linear",
        "# output, each neuron b + w1*x1 + w2*x2 + ..., as micrograd.nn computes it; the",
        "# weights are the ones random.seed(29) gives micrograd. The loss adds the squared",
        "# error of each sample; after the backward pass every weight moves against its",
        "# grad (p.data += -lr * p.grad), and the next epoch's forward pass starts from",
        "# there. Watch the loss curve fall. Press p at the seed to see the forward pass",
        "# compute the values, G then n for the update steps, ] for the next epoch, E to",
        "# run 100 more, L to show or hide the curve. autograd-tui --train 100",
        "# demos/train.ag prints the loss of every epoch: micrograd gives the same numbers.",
        "",
        "lr = 0.05",
        "",
    ]
    parameters: List[str] = []
    for layer_index, layer in enumerate(model.layers, start=1):
        lines.append(f"# layer {layer_index}: {len(layer.neurons)} neurons")
        for neuron_index, neuron in enumerate(layer.neurons, start=1):
            names = [
                _name(layer_index, neuron_index, weight)
                for weight in range(1, len(neuron.w) + 1)
            ]
            for name, weight in zip(names, neuron.w):
                lines.append(f"{name} = {_number(weight.data)}")
            bias = _name(layer_index, neuron_index)
            lines.append(f"{bias} = {_number(neuron.b.data)}")
            parameters.extend(names + [bias])
        lines.append("")
    errors: List[str] = []
    for sample, (inputs, target) in enumerate(zip(INPUTS, TARGETS), start=1):
        lines.append(
            f"# sample {sample}: x = ({', '.join(_number(x) for x in inputs)}),"
            f" target {_number(target)}")
        previous: Sequence[str] = [_number(x) for x in inputs]
        for layer_index, layer in enumerate(model.layers, start=1):
            current = []
            for neuron_index, neuron in enumerate(layer.neurons, start=1):
                terms = " + ".join(
                    f"{_name(layer_index, neuron_index, weight)} * {operand}"
                    for weight, operand in enumerate(previous, start=1))
                act = f"{_name(layer_index, neuron_index)} + {terms}"
                name = _activation(layer_index, sample, neuron_index)
                lines.append(f"{name} = relu({act})" if neuron.nonlin else f"{name} = {act}")
                current.append(name)
            previous = current
        errors.append(f"({previous[0]} - {_number(target)}) ** 2")
        lines.append("")
    lines.append("loss = " + " + ".join(errors))
    lines.append("loss.backward()")
    lines.append("")
    lines.append("params = [" + ", ".join(parameters) + "]")
    lines.append("for p in params:")
    lines.append("    p.data += -lr * p.grad")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(ag_text())
