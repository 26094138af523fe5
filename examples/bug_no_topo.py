# bug_no_topo.py: backward() without a topological order.
#
# The bug (in Value.backward): instead of sorting the graph first, it fires
# each node and then walks straight on into its children, depth first from the
# root. Every local derivative is right, yet a node used twice can fire before
# all of its users have passed it their grad. Here h is used by u = h + 1 and
# by L = h * u. L fires and gives h its first share, u.data = 7; the walk then
# goes into h at once and fires it with grad 7, so x gets 2 * 7 = 14. Only
# after that does u fire and add its share, h.data = 6, to h.grad (now 13, the
# right value, but too late). The true dL/dx is 2 * 13 = 26 (L = 4x**2 + 2x).
# (_prev is a tuple here, not micrograd's set, so that the walk visits the
# children in the order they were given and prints the same on every run.)
#
# What to look for: the verdict is "order", at h = x * 2: it fired before its
# user u had, and passed on 7 instead of 13. h.grad itself ends up right.
#
# Run it:
#   python3 examples/bug_no_topo.py
#   autograd-tui examples/bug_no_topo.py
#   autograd-tui --check examples/bug_no_topo.py
#     verdict: order, exit 1
import math


class Value:
    """A scalar, its gradient, and how it was made."""

    def __init__(self, data, _children=(), _op=''):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)  # in creation order, so every run is the same
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
        # BUG: no topological sort; each node fires as soon as the walk reaches it
        visited = set()
        def fire(v):
            if v not in visited:
                visited.add(v)
                v._backward()
                for child in v._prev:
                    fire(child)
        self.grad = 1.0
        fire(self)


x = Value(3.0)
h = x * 2  # 6
u = h + 1  # 7
L = h * u  # 42: h is used twice, by u and by L
L.backward()

print(f"L      = {L.data}")
print(f"h.grad = {h.grad}")  # prints 13.0, which is right: u + h
print(f"x.grad = {x.grad}")  # prints 14.0; the true dL/dx = 8x + 2 = 26.0
