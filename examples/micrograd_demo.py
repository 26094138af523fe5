# micrograd_demo.py: the example from karpathy/micrograd's README, on micrograd itself.
#
# No bug is planted here, and no engine is defined: this imports the real
# upstream engine, the PyPI package `micrograd` (pip install micrograd). It is
# the README's example statement for statement; it prints g = 24.7041,
# a.grad = 138.8338 and b.grad = 645.5773, as the README says it does.
#
# What to look for: autograd-tui opens micrograd's own graph unchanged (39
# nodes) and its verdict is "none". micrograd's _prev is a set, so the order
# of each node's children is lost; the debugger recovers it from the data.
# Note the `c += ...` and `d += ...` lines: each makes a new node and the old
# one stays in the graph (demos/micrograd_readme.ag is the same example in .ag).
#
# Run it (micrograd must be importable by the python3 that runs it):
#   python3 examples/micrograd_demo.py
#   autograd-tui examples/micrograd_demo.py
#   autograd-tui --check examples/micrograd_demo.py
#     verdict: none, exit 0
# With a virtualenv: AUTOGRAD_TUI_PYTHON=/path/to/venv/bin/python autograd-tui ...
from micrograd.engine import Value

a = Value(-4.0)
b = Value(2.0)
c = a + b
d = a * b + b**3
c += c + 1
c += 1 + c + (-a)
d += d * 2 + (b + a).relu()
d += 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g += 10.0 / f
print(f'{g.data:.4f}') # prints 24.7041, the outcome of this forward pass
g.backward()
print(f'{a.grad:.4f}') # prints 138.8338, i.e. the numerical value of dg/da
print(f'{b.grad:.4f}') # prints 645.5773, i.e. the numerical value of dg/db
