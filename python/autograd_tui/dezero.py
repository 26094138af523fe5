"""DeZero-style engines ("Deep Learning from Scratch 3"): Variables made by Functions.

A ``Variable`` holds ``data``, ``grad`` (``None`` until set) and ``creator``,
the ``Function`` that made it (``None`` for a leaf). A ``Function`` holds
``inputs`` (or one ``input``), ``outputs`` (often weak references) and a
``backward(gy)`` that *returns* its inputs' grads (a tuple or one value);
``Variable.backward()`` walks the functions by generation and accumulates.

The graph's nodes are the Variables; a Variable's inputs are its creator's
inputs, in order; its op is the creator's class name (``Add``, ``Mul``,
``Square``, ``Exp``, ...), ``**c`` for a ``Pow`` holding its exponent ``c``.
The capture is written through stand-ins (``Stand``) that look like
micrograd nodes to ``capture`` and ``probe``:

- ``data``: the Variable's data as a float (a float, int, or one-element array);
- ``grad``: its grad as a float; ``None`` is ``0.0`` (before the pass: not
  set yet; after it: the pass never reached it). DeZero frees the grads of
  intermediate Variables during its pass (``retain_grad=False``): a
  Variable whose grad is ``None`` after the pass gets the grad it held when
  the pass called its creator's ``backward`` (``seen``);
- ``_backward()``: calls ``creator.backward(gy)`` with the stand-in's grad
  as ``gy`` (an array of the data's shape and type when the data is one;
  wrapped in a Variable when a plain number is refused) and adds each
  returned grad to its input's stand-in. The probe's calls with ``gy = 1``
  and ``gy = 3`` so measure ``local = returned / gy``: ``add`` when it scales
  with ``gy``, ``ignores-upstream`` when it does not, ``error`` when it
  raises; its entries say ``"from": "backward(gy)"``.

Probing never touches the Variables: the stand-ins hold the probe's grads.
"""

from __future__ import annotations

import sys
import weakref
from typing import Any, Dict, List, Optional, Tuple

from .creation import CreationLog, Entry
from .jsonnum import as_float, safe_repr
from .shape import Shape, Shapes
from .walk import Graph, _creation_order

SOURCE = "backward(gy)"
INPUT_NAMES = ("inputs", "input", "_inputs")
OUTPUT_NAMES = ("outputs", "output", "_outputs")
STEP = "backward"


def plain(value: Any, variable_class: Optional[type] = None) -> Optional[float]:
    """``value`` as a float: a number, a one-element array, or a Variable holding one."""
    if variable_class is not None and isinstance(value, variable_class):
        value = getattr(value, "data", None)
    number = as_float(value)
    if number is None and getattr(value, "size", None) == 1:
        try:
            number = as_float(value.reshape(-1)[0])
        except Exception:
            return None
    return number


def function_inputs(function: Any) -> List[Any]:
    """The inputs of a Function, in order (``inputs``, or the one ``input``)."""
    for name in INPUT_NAMES:
        value = getattr(function, name, None)
        if value is None:
            continue
        if isinstance(value, (tuple, list)):
            return list(value)
        return [value]
    return []


def function_outputs(function: Any) -> List[Any]:
    """The live outputs of a Function, weak references followed."""
    for name in OUTPUT_NAMES:
        value = getattr(function, name, None)
        if value is None:
            continue
        items = list(value) if isinstance(value, (tuple, list)) else [value]
        return [item() if isinstance(item, weakref.ref) else item for item in items]
    return []


def _op_text(fn: Any) -> str:
    """The creator's class name; ``**c`` for a power whose exponent the Function holds in a
    number attribute (``Pow(c)``), which the class name alone does not say."""
    if fn is None:
        return ""
    name = type(fn).__name__
    if name.lower() in ("pow", "power"):
        for attribute in ("c", "exponent", "k", "p"):
            value = getattr(fn, attribute, None)
            if type(value) in (int, float):
                return f"**{value}"
    return name


class Stand:
    """A Variable as a micrograd node (see the module docstring)."""

    __slots__ = ("var", "fn", "inputs", "op", "label", "shape", "seen", "_grad", "_own")

    def __init__(self, var: Any, fn: Any, shape: Shape) -> None:
        self.var = var
        self.fn = fn
        self.inputs: List["Stand"] = []
        self.op = _op_text(fn)
        label = getattr(var, "name", None)
        self.label = label if isinstance(label, str) and label else None
        self.shape = shape
        self.seen: Any = None
        self._grad: Any = None
        self._own = False

    @property
    def data(self) -> Any:
        """The Variable's data, as a float where it is one number."""
        value = getattr(self.var, self.shape.data, None)
        number = plain(value)
        return value if number is None else number

    @property
    def grad(self) -> Any:
        """The probe's grad while probing, else the Variable's (see the module docstring)."""
        if self._own:
            return self._grad
        value = getattr(self.var, self.shape.grad, None)
        if value is None:
            value = self.seen
        if value is None:
            return 0.0
        number = plain(value, self.shape.cls)
        return value if number is None else number

    @grad.setter
    def grad(self, value: Any) -> None:
        self._own = True
        self._grad = value

    def _upstream(self, value: float) -> Any:
        """``value`` as the engine expects a grad: an array like the data, or a float."""
        data = getattr(self.var, self.shape.data, None)
        numpy = sys.modules.get("numpy")
        if numpy is not None and isinstance(data, numpy.ndarray):
            kind = data.dtype if data.dtype.kind == "f" else numpy.float64
            return numpy.full(data.shape, value, dtype=kind)
        return value

    def _backward(self) -> None:
        """Run the creator's ``backward(gy)`` and add what it returns to the inputs."""
        fn = self.fn
        if fn is None:
            return
        upstream = as_float(self.grad)
        if upstream is None:
            raise TypeError(f"the grad {safe_repr(self.grad)} is not a number")
        outputs = function_outputs(fn) or [self.var]
        gys = [self._upstream(upstream if out is self.var else 0.0) for out in outputs]
        try:
            returned = fn.backward(*gys)
        except (TypeError, AttributeError) as error:
            try:
                returned = fn.backward(*[self.shape.cls(gy) for gy in gys])
            except Exception:
                raise error from None
        if not isinstance(returned, (tuple, list)):
            returned = (returned,)
        for place, (kid, gx) in enumerate(zip(self.inputs, returned)):
            value = plain(gx, self.shape.cls)
            if value is None:
                raise TypeError(f"backward(gy) returned {safe_repr(gx)} for input {place}, "
                                "not a number")
            kid.grad = kid.grad + value


def stand_shape(shape: Shape) -> Shape:
    """The shape the stand-ins of ``shape``'s Variables are read with."""
    stand = Shape(shape.cls, "data", "grad", "inputs", "op", "label", "_backward", None,
                  shape.passes, shape.hidden, shape.creator, shape.found, SOURCE)
    stand.weakrefable = False
    return stand


def _is_variable(obj: Any, shape: Shape, shapes: Shapes) -> bool:
    if type(obj) is shape.cls:
        return True
    found = shapes.of(obj)
    return found is not None and found.creator is not None


def walk_variables(root: Any, shape: Shape, shapes: Shapes,
                   log: Optional[CreationLog] = None) -> Tuple[Graph, Dict[int, List[int]]]:
    """The graph behind the Variable ``root`` as stand-ins, and per ``id(function)`` the
    positions of its outputs in the graph (for the firing order)."""
    creator = shape.creator or "creator"
    lookup = log.lookup if log is not None else None
    index: Dict[int, int] = {}
    expanded = set()
    variables: List[Any] = []
    functions: List[Any] = []
    members_of: List[List[Any]] = []
    entries: List[Optional[Entry]] = []
    stack: List[Any] = [root]
    while stack:
        item = stack.pop()
        if type(item) is tuple:
            var, fn, members = item
            index[id(var)] = len(variables)
            variables.append(var)
            functions.append(fn)
            members_of.append(members)
            entries.append(lookup(var, shape, None) if lookup is not None else None)
            continue
        key = id(item)
        if key in index or key in expanded:
            continue
        expanded.add(key)
        fn = getattr(item, creator, None)
        members = [m for m in function_inputs(fn) if _is_variable(m, shape, shapes)] \
            if fn is not None else []
        stack.append((item, fn, members))
        for member in reversed(members):
            if id(member) not in index:
                stack.append(member)
    order = list(range(len(variables)))
    if lookup is not None:
        order = _creation_order(entries, members_of, index) or order
    variables = [variables[i] for i in order]
    functions = [functions[i] for i in order]
    members_of = [members_of[i] for i in order]
    entries = [entries[i] for i in order]
    index = {id(var): position for position, var in enumerate(variables)}
    read_as = stand_shape(shape)
    stands = [Stand(var, fn, shape) for var, fn in zip(variables, functions)]
    children = []
    outputs: Dict[int, List[int]] = {}
    for position, (stand, members) in enumerate(zip(stands, members_of)):
        numbers = [index[id(member)] for member in members]
        stand.inputs = [stands[number] for number in numbers]
        children.append(numbers)
        if stand.fn is not None:
            outputs.setdefault(id(stand.fn), []).append(position)
    graph = Graph(stands, [read_as] * len(stands), children, [True] * len(stands), entries,
                  {id(stand): position for position, stand in enumerate(stands)},
                  index[id(root)])
    return graph, outputs


class GradLog(list):  # type: ignore[type-arg]
    """The firing spy's log for a DeZero pass: each Function noted is also the moment its
    outputs' grads are final, so they are kept (``Stand.seen``) before DeZero frees them."""

    def __init__(self, graph: Graph, outputs: Dict[int, List[int]]) -> None:
        super().__init__()
        self.graph = graph
        self.outputs = outputs

    def append(self, key: int) -> None:
        """Note the Function ``key`` and keep its outputs' grads."""
        super().append(key)
        for position in self.outputs.get(key, ()):
            stand = self.graph.nodes[position]
            value = getattr(stand.var, stand.shape.grad, None)
            if value is not None:
                stand.seen = value

    def fired(self) -> List[int]:
        """The ids of the stand-ins of the fired Functions' outputs, in firing order."""
        nodes = self.graph.nodes
        return [id(nodes[position]) for key in self for position in self.outputs.get(key, ())]


def function_classes(variable_class: type) -> List[type]:
    """The classes beside ``variable_class`` in its module that have ``forward`` and
    ``backward`` (DeZero's ``Function`` and its subclasses): their ``__call__`` makes the
    Variables, so it is the engine's code, not the line that made a node."""
    module = sys.modules.get(variable_class.__module__)
    found = []
    for value in list(getattr(module, "__dict__", {}).values()):
        if isinstance(value, type) and value is not variable_class and all(
                any(name in vars(klass) for klass in value.__mro__)
                for name in ("forward", STEP)):
            found.append(value)
    return found


def step_classes(graph: Graph) -> List[Tuple[type, str, bool]]:
    """The Function classes of the graph, for the firing spy (``spy.install_on``)."""
    seen: Dict[type, None] = {}
    for stand in graph.nodes:
        if stand.fn is not None:
            seen.setdefault(type(stand.fn), None)
    return [(cls, STEP, True) for cls in seen]
