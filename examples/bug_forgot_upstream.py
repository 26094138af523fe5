# bug_forgot_upstream.py: __mul__'s _backward forgets the chain-rule factor.
#
# The bug (in Value.__mul__): the left operand gets the local derivative alone,
# without the upstream grad it should be multiplied by:
#     self.grad += other.data            # should be other.data * out.grad
# Where out.grad is 1 you cannot tell. Here it is not: L = (x*w + b)**2 gives
# dL/dn = 2n = -10, so xw = x * w has grad -10. x should get
# w * (-10) = -2 * -10 = 20; it gets -2, the bare local derivative.
# w's line is right: w.grad = x * (-10) = -30.
#
# What to look for: the verdict points at xw = x * w and its input x: the
# change your _backward makes to x.grad does not scale with xw's grad (it is
# -2 whatever xw.grad is); it should be -2 * xw.grad = 20 here.
#
# Run it:
#   python3 examples/bug_forgot_upstream.py
#   autograd-tui examples/bug_forgot_upstream.py
#   autograd-tui --check examples/bug_forgot_upstream.py
#     verdict: ignores-upstream, exit 1
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
            self.grad += other.data  # BUG: forgets * out.grad
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


x = Value(3.0)
w = Value(-2.0)
b = Value(1.0)
xw = x * w   # -6
n = xw + b   # -5
L = n ** 2   # 25; dL/dn = 2n = -10, so xw.grad = -10, not 1
L.backward()

print(f"L      = {L.data}")
print(f"x.grad = {x.grad}")  # prints -2.0; the true dL/dx = 2n * w = 20.0
print(f"w.grad = {w.grad}")  # prints -30.0, which is right: 2n * x
print(f"b.grad = {b.grad}")  # prints -10.0, which is right: 2n
