"""microgpt's rmsnorm in a microgpt-style engine: ``** -0.5`` and ``/ len(x)``, no op string.

``rmsnorm`` divides the mean square by ``len(x)`` (``ms * 2 ** -1``: a product with the
constant 0.5) and raises it, plus 1e-5, to the power -0.5. The engine stores no exponent
anywhere; the power's stored local, -0.5 (ms + 1e-5) ** -1.5, is right.

Hand derivation, L = rmsnorm([a, b]) . [w0, w1] at a = 3, b = 4, w0 = 0.5, w1 = -2:
    ms = (a^2 + b^2) / 2 = 12.5, r = (ms + 1e-5) ** -0.5 = 0.2828425993376019
    S = a w0 + b w1 = -6.5, L = r S = -1.8384768956944124
    dr/dms = -0.5 (ms + 1e-5) ** -1.5 = k; dms/da = a, dms/db = b
    dL/dw0 = a r = 0.8485277980128058, dL/dw1 = b r = 1.1313703973504077
    dL/da = w0 r + S k a = 0.36203835065848966
    dL/db = w1 r + S k b = -0.27152913068895224
"""

from __future__ import annotations

from typing import Any, List, Tuple

EXPECTED = {
    "verdict": "none",
    "grads": {"a": 0.36203835065848966, "b": -0.27152913068895224,
              "w0": 0.8485277980128058, "w1": 1.1313703973504077},
}


class Value:
    """A scalar that stores, at creation, its local derivative to each child."""

    __slots__ = ("data", "grad", "_children", "_local_grads")

    def __init__(self, data: float, children: Tuple["Value", ...] = (),
                 local_grads: Tuple[float, ...] = ()) -> None:
        self.data = data
        self.grad = 0
        self._children = children
        self._local_grads = local_grads

    def __add__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1, 1))

    def __mul__(self, other: Any) -> "Value":
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, k: float) -> "Value":
        return Value(self.data ** k, (self,), (k * self.data ** (k - 1),))

    def __radd__(self, other: Any) -> "Value":
        return self + other

    def __rmul__(self, other: Any) -> "Value":
        return self * other

    def __truediv__(self, other: Any) -> "Value":
        return self * other ** -1

    def backward(self) -> None:
        """Topological order, then child.grad += local * v.grad from the root down."""
        topo, visited = [], set()

        def build(v: "Value") -> None:
            if v not in visited:
                visited.add(v)
                for child in v._children:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1
        for v in reversed(topo):
            for child, local in zip(v._children, v._local_grads):
                child.grad += local * v.grad


def rmsnorm(x: List[Value]) -> List[Value]:
    """microgpt's: x over the root of its mean square (plus 1e-5)."""
    ms = sum(xi * xi for xi in x) / len(x)
    scale = (ms + 1e-5) ** -0.5
    return [xi * scale for xi in x]


a = Value(3.0)
b = Value(4.0)
w0 = Value(0.5)
w1 = Value(-2.0)
y = rmsnorm([a, b])
L = y[0] * w0 + y[1] * w1
L.backward()
print(f"L = {L.data}  a.grad = {a.grad}  b.grad = {b.grad}")
print(f"w0.grad = {w0.grad}  w1.grad = {w1.grad}")
