"""train.py: a small MLP trained with the engine of engine.py, a few steps of gradient
descent on four points. Its loss is a sum of squared errors, so engine.py's bug in
__pow__ makes every gradient below the squares wrong.

Run it:
    python3 examples/engine_module/train.py
    autograd-tui --check examples/engine_module/train.py
      engine.py:45 in __pow__: __pow__'s _backward (...) passes ... ; the local derivative is ...
"""

import random

from engine import Value


class Neuron:
    def __init__(self, inputs):
        self.w = [Value(random.uniform(-1, 1)) for _ in range(inputs)]
        self.b = Value(0.0)

    def __call__(self, x):
        return sum((wi * xi for wi, xi in zip(self.w, x)), self.b).tanh()

    def parameters(self):
        return self.w + [self.b]


class MLP:
    def __init__(self, inputs, widths):
        sizes = [inputs] + widths
        self.layers = [[Neuron(sizes[i]) for _ in range(sizes[i + 1])]
                       for i in range(len(widths))]

    def __call__(self, x):
        for layer in self.layers:
            x = [neuron(x) for neuron in layer]
        return x[0]

    def parameters(self):
        return [p for layer in self.layers for neuron in layer for p in neuron.parameters()]


random.seed(7)
model = MLP(3, [4, 4, 1])
xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
ys = [1.0, -1.0, -1.0, 1.0]

for step in range(3):
    predictions = [model(x) for x in xs]
    loss = sum((prediction - y) ** 2 for y, prediction in zip(ys, predictions))
    for p in model.parameters():
        p.grad = 0.0
    loss.backward()
    for p in model.parameters():
        p.data += -0.05 * p.grad
    print(f"step {step}  loss {loss.data:.4f}")
