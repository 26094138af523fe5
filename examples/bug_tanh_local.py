# bug_tanh_local.py: tanh's _backward passes the wrong local derivative.
#
# The bug (in Value.tanh): its _backward passes t, tanh's own output, where the
# local derivative is 1 - t**2:
#     self.grad += t * out.grad          # should be (1 - t**2) * out.grad
# A published example: a README whose own output says dz/dx = 3.9640 for
# z = x * y + y + x.tanh() at x = 2, y = 3. The true value is
#     dz/dx = y + (1 - tanh(2)**2) = 3 + 0.0707 = 3.0707,
# and 3.9640 is 3 + tanh(2) = 3 + 0.9640. dz/dy = x + 1 = 3 is right: tanh is
# not on y's path.
#
# What to look for: the verdict points at the tanh node, x.tanh(), and its
# input x: your _backward passes 0.9640, the local derivative is
# 1 - out**2 = 0.0707. In the `yours` column x's grad is 3.9640, not 3.0707.
#
# Run it:
#   python3 examples/bug_tanh_local.py
#   autograd-tui examples/bug_tanh_local.py
#   autograd-tui --check examples/bug_tanh_local.py
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
            self.grad += t * out.grad  # BUG: the local derivative is 1 - t**2
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


x = Value(2.0)
y = Value(3.0)
z = x * y + y + x.tanh()
z.backward()

print(f"z     = {z.data:.4f}")
print(f"dz/dx = {x.grad:.4f}")  # prints 3.9640; the true value is 3.0707
print(f"dz/dy = {y.grad:.4f}")  # prints 3.0000, which is right
