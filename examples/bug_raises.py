# bug_raises.py: a _backward that raises.
#
# The bug (in Value.relu): a typo in its _backward, out.grd for out.grad:
#     self.grad += (out.data > 0) * out.grd    # AttributeError
# Your own backward() raises as soon as it reaches the relu node, after the
# nodes above it have fired: o.grad is -1.0, everything below it stays 0.
# Without the try/except below the script would stop with the traceback
# (autograd-tui shows it as Python does, and still keeps the capture); with it
# the script prints "backward failed: 'Value' object has no attribute 'grd'"
# and completes.
#
# What to look for: the verdict is "error", at o = n.relu(), with the
# exception's message. The true grads: w1 -2.0, w2 1.0, b -1.0.
#
# Run it:
#   python3 examples/bug_raises.py
#   autograd-tui examples/bug_raises.py
#   autograd-tui --check examples/bug_raises.py
#     verdict: error, exit 1
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
            self.grad += (out.data > 0) * out.grd  # BUG: typo, out.grad
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


x1, x2 = Value(2.0), Value(-1.0)
w1, w2 = Value(0.5), Value(1.5)
b = Value(1.0)
n = x1 * w1 + x2 * w2 + b  # 0.5
o = n.relu()               # 0.5
L = (o - 1.0) ** 2         # 0.25

try:
    L.backward()
except Exception as e:
    print("backward failed:", e)

print(f"L = {L.data}  o.grad = {o.grad}  n.grad = {n.grad}")
print(f"w1.grad = {w1.grad}  w2.grad = {w2.grad}  b.grad = {b.grad}")
