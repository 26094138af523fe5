# bug_seed.py: backward() never seeds the root's grad with 1.
#
# The bug (in Value.backward): the line `self.grad = 1.0` is missing. Every
# grad starts at 0, and every _backward multiplies by out.grad, so the root
# passes 0 to its inputs, they pass 0 to theirs, and every grad comes out 0.
# The expression is the first one of the "building micrograd" lecture:
# L = (a*b + c) * f, whose true grads are a: 6, b: -4, c: -2, f: 4.
#
# What to look for: the verdict is "seed": the root L's grad after backward()
# is 0, and it should be 1 (dL/dL). Every local derivative is right.
#
# Run it:
#   python3 examples/bug_seed.py
#   autograd-tui examples/bug_seed.py
#   autograd-tui --check examples/bug_seed.py
#     verdict: seed, exit 1
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
        # BUG: missing `self.grad = 1.0`, the seed dL/dL = 1
        for v in reversed(topo):
            v._backward()


a = Value(2.0)
b = Value(-3.0)
c = Value(10.0)
e = a * b
d = e + c
f = Value(-2.0)
L = d * f
L.backward()

print(f"L = {L.data}")
print(f"a.grad = {a.grad}  b.grad = {b.grad}  c.grad = {c.grad}  f.grad = {f.grad}")
# prints 0.0 four times; the true grads are 6.0, -4.0, -2.0 and 4.0
