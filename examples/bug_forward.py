# bug_forward.py: an op computes the wrong value (forward), not the wrong grad.
#
# The bug (in Value.tanh): micrograd computes tanh(x) as
# (exp(2x) - 1) / (exp(2x) + 1); here the 2s are missing, which is tanh(x/2):
#     t = (math.exp(x) - 1) / (math.exp(x) + 1)
# Its _backward, (1 - t**2) * out.grad, is the usual formula, but used on the
# wrong t. This is the neuron of the "building micrograd" lecture, where
# n = 0.8814 and o = tanh(n) = 0.7071. Here o = tanh(n/2) = 0.4142, so every
# grad behind it is off too: the local derivative comes out 1 - 0.4142**2 =
# 0.8284 instead of 1 - 0.7071**2 = 0.5, and x1.grad = -2.4853 instead of the
# lecture's -1.5.
#
# What to look for: the verdict is "forward", at o = n.tanh(): your value
# 0.4142, the correct 0.7071. Fix the forward value first; the grads follow.
#
# Run it:
#   python3 examples/bug_forward.py
#   autograd-tui examples/bug_forward.py
#   autograd-tui --check examples/bug_forward.py
#     verdict: forward, exit 1
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
        t = (math.exp(x) - 1) / (math.exp(x) + 1)  # BUG: exp(2 * x), both times
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


x1 = Value(2.0)
x2 = Value(0.0)
w1 = Value(-3.0)
w2 = Value(1.0)
b = Value(6.8813735870195432)
x1w1 = x1 * w1
x2w2 = x2 * w2
x1w1x2w2 = x1w1 + x2w2
n = x1w1x2w2 + b
o = n.tanh()
o.backward()

print(f"o       = {o.data:.4f}")   # prints 0.4142; the lecture's 0.7071
print(f"x1.grad = {x1.grad:.4f}")  # prints -2.4853; the lecture's -1.5
print(f"w1.grad = {w1.grad:.4f}")  # prints 1.6569; the lecture's 1.0
print(f"x2.grad = {x2.grad:.4f}")  # prints 0.8284; the lecture's 0.5
print(f"w2.grad = {w2.grad:.4f}")  # prints 0.0000, as in the lecture (x2 = 0)
