"""A micrograd training run for bench/overhead.py: MLP(2, [16, 16, 1]) on 40 points.

Uses ``micrograd`` from PyPI (``pip install micrograd``), unchanged. Each step builds the
whole batch's graph (about 27k nodes), a max-margin loss with L2 regularisation, calls
``backward()``, and takes an SGD step, as in micrograd's ``demo.ipynb``.

Run it:
    python3 bench/micrograd_train.py [STEPS]      (default 20)
"""

import random
import sys

from micrograd.engine import Value
from micrograd.nn import MLP

random.seed(1337)
POINTS = 40
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 20

# two interleaved half moons, labelled -1 and 1
X = []
Y = []
for i in range(POINTS):
    label = 1 if i % 2 else -1
    angle = random.uniform(0.0, 3.14159)
    X.append([random.gauss(0.0, 0.1) + (1.0 - 2.0 * (label > 0)) * 0.5 + (label > 0),
              random.gauss(0.0, 0.1) + label * 0.3])
    Y.append(label)

model = MLP(2, [16, 16, 1])


def loss_of():
    """The max-margin loss of the whole batch plus L2 regularisation, and the accuracy."""
    inputs = [list(map(Value, x)) for x in X]
    scores = list(map(model, inputs))
    losses = [(1 + -y * score).relu() for y, score in zip(Y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    accuracy = sum((y > 0) == (s.data > 0) for y, s in zip(Y, scores)) / len(Y)
    return data_loss + reg_loss, accuracy


for step in range(STEPS):
    loss, accuracy = loss_of()
    model.zero_grad()
    loss.backward()
    rate = 1.0 - 0.9 * step / STEPS
    for p in model.parameters():
        p.data -= rate * p.grad
    print(f"step {step} loss {loss.data:.4f} accuracy {accuracy:.0%}")
