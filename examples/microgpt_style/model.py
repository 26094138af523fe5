"""A tiny GPT on the microgpt-style engine: one training step is a graph of about 76k nodes.

Token and position embeddings, rmsnorm, one attention layer of 4 heads (softmax over the
positions so far, through a cache of keys and values), an MLP with relu, residual
connections, the cross-entropy of the next character, and an Adam update. It learns,
slowly, to spell made-up names (``names.txt``, one per line).

Run it:
    python3 examples/microgpt_style/model.py          one training step
    python3 examples/microgpt_style/model.py 20       twenty
    autograd-tui --check examples/microgpt_style/model.py
    autograd-tui --json examples/microgpt_style/model.py -- 3

Every step trains on one name, cut to ``BLOCK`` predictions; the first (``aipefuna`` with the
seed below: nine next-character predictions, its end mark included) makes a graph of
75,873 nodes, 4,032 of them parameters. The engine is right: autograd-tui's verdict is
``none``.
"""

from __future__ import annotations

import math
import os
import random
import sys
from typing import Callable, Dict, List, Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from engine import Value  # noqa: E402

EMBED = 16          # width of every vector
HEADS = 4           # attention heads, EMBED // HEADS wide each
BLOCK = 10          # longest context, in characters
HIDDEN = 4 * EMBED  # the MLP's width
SEED = 14
Vector = List[Value]
Matrix = List[Vector]
Activation = Callable[[Value], Value]


def read_names(path: str = os.path.join(HERE, "names.txt")) -> List[str]:
    """One name a line, shuffled the same way every run."""
    with open(path, encoding="utf-8") as handle:
        names = [line.strip() for line in handle if line.strip()]
    random.shuffle(names)
    return names


class Tokens:
    """Characters to ids and back; id ``len(alphabet)`` marks a name's start and end."""

    def __init__(self, names: Sequence[str]) -> None:
        self.alphabet = sorted(set("".join(names)))
        self.boundary = len(self.alphabet)
        self.size = len(self.alphabet) + 1

    def encode(self, name: str) -> List[int]:
        """The name between two boundary marks."""
        return [self.boundary] + [self.alphabet.index(c) for c in name] + [self.boundary]


def matrix(rows: int, columns: int, scale: float = 0.1) -> Matrix:
    """A rows × columns matrix of parameters, normal with standard deviation ``scale``."""
    return [[Value(random.gauss(0.0, scale)) for _ in range(columns)] for _ in range(rows)]


def new_weights(vocabulary: int) -> Dict[str, Matrix]:
    """Every parameter of the model, by name."""
    return {
        "token": matrix(vocabulary, EMBED),
        "position": matrix(BLOCK, EMBED),
        "query": matrix(EMBED, EMBED),
        "key": matrix(EMBED, EMBED),
        "value": matrix(EMBED, EMBED),
        "mix": matrix(EMBED, EMBED),
        "up": matrix(HIDDEN, EMBED),
        "down": matrix(EMBED, HIDDEN),
        "out": matrix(vocabulary, EMBED),
    }


def apply(weights: Matrix, x: Vector) -> Vector:
    """The matrix-vector product, one ``sum`` (from 0) per row."""
    return [sum(w * xi for w, xi in zip(row, x)) for row in weights]


def rmsnorm(x: Vector) -> Vector:
    """x over the root of its mean square (plus a little)."""
    mean_square = sum(xi * xi for xi in x) / len(x)
    scale = (mean_square + 1e-5) ** -0.5
    return [xi * scale for xi in x]


def softmax(scores: Vector) -> Vector:
    """exp of each score less the largest, over their sum."""
    largest = max(s.data for s in scores)
    exps = [(s - largest).exp() for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def forward(weights: Dict[str, Matrix], token: int, position: int,
            keys: List[Vector], values: List[Vector], activation: Activation) -> Vector:
    """The scores of the next character after ``token`` at ``position``."""
    x = [t + p for t, p in zip(weights["token"][token], weights["position"][position])]
    x = rmsnorm(x)
    # attention: this position's query against the keys of every position so far
    residual = x
    x = rmsnorm(x)
    query = apply(weights["query"], x)
    keys.append(apply(weights["key"], x))
    values.append(apply(weights["value"], x))
    width = EMBED // HEADS
    heads: Vector = []
    for h in range(HEADS):
        part = slice(h * width, (h + 1) * width)
        q = query[part]
        scores = [sum(qi * ki for qi, ki in zip(q, k[part])) / math.sqrt(width) for k in keys]
        attention = softmax(scores)
        heads.extend(sum(a * v[part][j] for a, v in zip(attention, values))
                     for j in range(width))
    x = [a + b for a, b in zip(apply(weights["mix"], heads), residual)]
    # the MLP
    residual = x
    x = rmsnorm(x)
    x = [activation(h) for h in apply(weights["up"], x)]
    x = [a + b for a, b in zip(apply(weights["down"], x), residual)]
    return apply(weights["out"], x)


def loss_of(weights: Dict[str, Matrix], ids: List[int], activation: Activation) -> Value:
    """The mean cross-entropy of each next character of one encoded name."""
    keys: List[Vector] = []
    values: List[Vector] = []
    count = min(BLOCK, len(ids) - 1)
    losses = []
    for position in range(count):
        probabilities = softmax(forward(weights, ids[position], position, keys, values,
                                        activation))
        losses.append(-probabilities[ids[position + 1]].log())
    return sum(losses) / count


class Adam:
    """Adam, its two moments per parameter, and a learning rate that decays to 0."""

    def __init__(self, parameters: List[Value], steps: int, rate: float = 0.01) -> None:
        self.parameters = parameters
        self.steps = steps
        self.rate = rate
        self.first = [0.0] * len(parameters)
        self.second = [0.0] * len(parameters)

    def update(self, step: int) -> None:
        """One update from the parameters' grads, which it then zeroes."""
        beta1, beta2 = 0.85, 0.99
        rate = self.rate * (1 - step / self.steps)
        for i, p in enumerate(self.parameters):
            self.first[i] = beta1 * self.first[i] + (1 - beta1) * p.grad
            self.second[i] = beta2 * self.second[i] + (1 - beta2) * p.grad ** 2
            first = self.first[i] / (1 - beta1 ** (step + 1))
            second = self.second[i] / (1 - beta2 ** (step + 1))
            p.data -= rate * first / (second ** 0.5 + 1e-8)
            p.grad = 0.0


def relu(x: Value) -> Value:
    """The MLP's activation in this model."""
    return x.relu()


def train(steps: int = 1, activation: Activation = relu, quiet: bool = False) -> List[float]:
    """Train ``steps`` steps from a fixed seed; the loss before each update."""
    random.seed(SEED)
    names = read_names()
    tokens = Tokens(names)
    weights = new_weights(tokens.size)
    parameters = [p for m in weights.values() for row in m for p in row]
    optimizer = Adam(parameters, steps)
    history = []
    for step in range(steps):
        loss = loss_of(weights, tokens.encode(names[step % len(names)]), activation)
        loss.backward()
        if not quiet:
            nodes = f" | {len(loss.graph())} nodes" if step == 0 else ""
            print(f"step {step + 1:3d} / {steps} | loss {loss.data:.4f}{nodes}")
        history.append(loss.data)
        optimizer.update(step)
    return history


def main(arguments: Optional[List[str]] = None, activation: Activation = relu) -> None:
    """``model.py [STEPS]``: train, 1 step by default."""
    arguments = sys.argv[1:] if arguments is None else arguments
    steps = int(arguments[0]) if arguments else 1
    train(steps, activation)


if __name__ == "__main__":
    main()
