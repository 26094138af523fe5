# bug_not_zeroed.py: a correct engine, but the grads are never zeroed.
#
# The bug (in the training loop, not the engine): backward() adds to every
# grad with +=, so w.grad must be reset to 0 before each backward(). Here it
# never is: each step's w.grad is the sum of every gradient so far, the step
# overshoots, and the loss, which should shrink every step (w -> 3), falls,
# then climbs back up.
#
# Each pass's own gradient is 8w - 24: -24, -14.4, 0.96, 15.936, 24.5376.
# w.grad holds their running sum: -24, -38.4, -37.44, -21.504, 3.0336. With
# `w.grad = 0.0` before backward() the loss would go 36, 12.96, 4.67, 1.68, 0.60.
#
# What to look for: one capture per backward() call (5) and the loss curve.
# The first capture is fine; from the second on the verdict is "not-zeroed":
# w's grad was not 0 when backward() was called. In the last capture (the
# default) w.grad was -21.504 at the call, and is 3.0336 after it, where this
# pass's gradient is 24.5376.
#
# Run it:
#   python3 examples/bug_not_zeroed.py
#   autograd-tui examples/bug_not_zeroed.py
#   autograd-tui --check examples/bug_not_zeroed.py
#     verdict: not-zeroed, exit 1
import math


class Value:
    """A scalar, its gradient, and how it was made."""

    def __init__(self, data, _children=(), _op=''):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, other):
        assert isinstance(other, (int, float)), "only int/float powers"
        out = Value(self.data ** other, (self,), f'**{other}')
        def _backward():
            self.grad += other * self.data ** (other - 1) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(0.0 if self.data < 0 else self.data, (self,), 'ReLU')
        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        x = self.data
        t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
        out = Value(t, (self,), 'tanh')
        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), 'exp')
        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def __neg__(self): return self * -1
    def __sub__(self, other): return self + (-other)
    def __truediv__(self, other): return self * other ** -1
    def __radd__(self, other): return self + other
    def __rmul__(self, other): return self * other
    def __rsub__(self, other): return other + (-self)
    def __rtruediv__(self, other): return other * self ** -1

    def backward(self):
        topo, visited = [], set()
        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


w = Value(0.0)
x, y = 2.0, 6.0  # fit w * x to y: the answer is w = 3

for step in range(5):
    loss = (w * x - y) ** 2
    # BUG: missing `w.grad = 0.0` here, before backward()
    loss.backward()
    w.data += -0.05 * w.grad
    print(f"step {step}  loss {loss.data:8.4f}  w.grad {w.grad:9.4f}  w {w.data:.4f}")
