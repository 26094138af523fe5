# bug_sub_sign.py: a primitive subtraction with the wrong sign for its right operand.
#
# The bug (in Value.__sub__, its own op '-' here, not built from + and neg):
#     other.grad += out.grad             # should be other.grad -= out.grad
# d(a - b)/db is -1. In err = y - pred the prediction is the right operand, so
# its grad, and every parameter's, has the wrong sign: gradient descent
# climbs. dL/derr = 2 * err = 3; pred should get -3 and gets +3, so
# w.grad = 6.0 (true -6.0) and b.grad = 3.0 (true -3.0). One step with
# lr 0.1 takes the loss from 2.25 up to 9.0; with the right sign it would
# land on 0.
#
# What to look for: the verdict points at err = y - pred and its input pred:
# your _backward passes +1, the local derivative of a - b with respect to b
# is -1.
#
# Run it:
#   python3 examples/bug_sub_sign.py
#   autograd-tui examples/bug_sub_sign.py
#   autograd-tui --check examples/bug_sub_sign.py
#     verdict: local, exit 1
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

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data - other.data, (self, other), '-')
        def _backward():
            self.grad += out.grad
            other.grad += out.grad  # BUG: d(a - b)/db is -1: -= out.grad
        out._backward = _backward
        return out

    def __neg__(self): return self * -1
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


x = Value(2.0)
w = Value(1.5)
b = Value(0.5)
y = Value(5.0)      # the target
pred = w * x + b    # 3.5
err = y - pred      # 1.5
L = err ** 2        # 2.25
L.backward()

print(f"L      = {L.data}")
print(f"w.grad = {w.grad}")  # prints 6.0; the true dL/dw = -2 * err * x = -6.0
print(f"b.grad = {b.grad}")  # prints 3.0; the true dL/db = -2 * err = -3.0

# one step of gradient descent should lower the loss
for p in (w, b):
    p.data += -0.1 * p.grad
L2 = (y - (w * x + b)) ** 2
print(f"loss after one step: {L2.data}")  # prints 9.0: it went up
