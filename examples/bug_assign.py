# bug_assign.py: `=` where `+=` belongs, in __add__'s _backward.
#
# The bug (in Value.__add__): the _backward overwrites the left operand's grad
#     self.grad = out.grad               # should be self.grad += out.grad
# A value used once gets the right grad anyway. Here a is used twice, in
# c = a + b and in d = c * a. d fires first and gives a its share,
# c.data = -1; then c fires and overwrites a.grad with c.grad = 2, so the -1
# is lost: a.grad = 2.0, where dd/da = 2a + b = -1 + 2 = 1.0.
#
# What to look for: the verdict points at c = a + b and its input a: your
# _backward assigns a's grad instead of adding to it (the probe finds a.grad
# set to c.grad whatever it held before). b's grad, 2.0, is right.
#
# Run it:
#   python3 examples/bug_assign.py
#   autograd-tui examples/bug_assign.py
#   autograd-tui --check examples/bug_assign.py
#     verdict: assign, exit 1
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
            self.grad = out.grad  # BUG: `=` throws away what self.grad held
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


a = Value(2.0)
b = Value(-3.0)
c = a + b  # -1
d = c * a  # -2: a is used twice, in c and in d
d.backward()

print(f"d      = {d.data}")
print(f"a.grad = {a.grad}")  # prints 2.0; the true dd/da = 2a + b = 1.0
print(f"b.grad = {b.grad}")  # prints 2.0, which is right: dd/db = a
