"""The tiny GPT of model.py with a gelu in its MLP, whose stored local derivative is wrong.

A variant adds one operation to the engine, ``Value.gelu``, the tanh approximation
    gelu(x) = 0.5 x (1 + t),  t = tanh(c (x + 0.044715 x^3)),  c = sqrt(2 / pi)
as a single node that stores its local derivative, like the engine's other operations,
and uses it in the MLP instead of relu. The derivative is
    gelu'(x) = 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 * 0.044715 x^2)
and the bug drops the product rule's second term: the node stores 0.5 (1 + t) alone.
The forward pass, and so the loss, is right; every grad below the MLP is wrong.

What to look for: the verdict is ``local``, at a gelu node of the MLP (the first to fire),
with the engine's 0.5 (1 + t) beside the derivative above. Nothing here is a relu.

Run it:
    python3 examples/microgpt_style/gelu_bug.py [STEPS]
    autograd-tui --check examples/microgpt_style/gelu_bug.py
"""

from __future__ import annotations

import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from engine import Value  # noqa: E402
import model  # noqa: E402

GELU_C = math.sqrt(2.0 / math.pi)


def gelu(self: Value) -> Value:
    """gelu, tanh approximation, one node; its stored local derivative is wrong."""
    x = self.data
    t = math.tanh(GELU_C * (x + 0.044715 * x ** 3))
    local = 0.5 * (1 + t)  # BUG: + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * x * x)
    return Value(0.5 * x * (1 + t), (self,), (local,))


Value.gelu = gelu  # the variant's new operation, a method like the engine's others


if __name__ == "__main__":
    model.main(activation=Value.gelu)
