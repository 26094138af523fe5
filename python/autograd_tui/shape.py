"""Duck typing: which attributes of a class hold a node's data, grad, inputs, op and label.

Nothing is found by class name. A class is an engine's value type when its
instances have a data attribute, a grad attribute and a container of inputs
under one of the names micrograd-style engines use. The names are resolved
once per class, from the first instance seen, and cached.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

DATA_NAMES = ("data", "value", "v", "output")
GRAD_NAMES = ("grad", "gradient", "derivative")
CHILDREN_NAMES = ("_prev", "_children", "prev", "children", "_inputs", "parents")
OP_NAMES = ("_op", "op", "_operation", "_operator")
LABEL_NAMES = ("label", "_label", "name")
BACKWARD_NAMES = ("_backward",)
LOCAL_GRADS_NAMES = ("_local_grads", "local_grads")

_MISSING = object()
_UNORDERED = (set, frozenset, dict)


class Shape:
    """The attribute names one engine class uses, found by duck typing.

    ``op``, ``label``, ``backward`` and ``local_grads`` are ``None`` when the
    class has no such attribute.
    """

    __slots__ = ("cls", "data", "grad", "children", "op", "label", "backward",
                 "local_grads", "weakrefable")

    def __init__(self, cls: type, data: str, grad: str, children: str,
                 op: Optional[str], label: Optional[str], backward: Optional[str],
                 local_grads: Optional[str]) -> None:
        self.cls = cls
        self.data = data
        self.grad = grad
        self.children = children
        self.op = op
        self.label = label
        self.backward = backward
        self.local_grads = local_grads
        self.weakrefable: Optional[bool] = None

    def __repr__(self) -> str:
        return (f"Shape({self.cls.__qualname__}: data={self.data!r}, grad={self.grad!r}, "
                f"children={self.children!r}, op={self.op!r}, label={self.label!r}, "
                f"backward={self.backward!r}, local_grads={self.local_grads!r})")


def _class_defines(cls: type, name: str) -> bool:
    """Whether ``name`` is a class attribute or a slot somewhere in ``cls``'s MRO."""
    for klass in cls.__mro__:
        if name in vars(klass):
            return True
    return False


def _instance_attr(obj: Any, name: str) -> Any:
    """``getattr(obj, name)``, or ``_MISSING`` when it is absent or raises."""
    try:
        return getattr(obj, name)
    except Exception:
        return _MISSING


def _is_container(value: Any) -> bool:
    """Whether ``value`` can hold a node's inputs (a set, tuple, list, dict, ...)."""
    if value is None or isinstance(value, (str, bytes)):
        return False
    return isinstance(value, (set, frozenset, tuple, list, dict)) or hasattr(value, "__iter__")


def _first_value_name(obj: Any, names: Tuple[str, ...]) -> Optional[str]:
    """The first of ``names`` that ``obj`` has as a non-callable attribute."""
    for name in names:
        value = _instance_attr(obj, name)
        if value is not _MISSING and not callable(value):
            return name
    return None


def _resolve(obj: Any) -> Optional[Shape]:
    """Find the attribute names of ``obj``'s class, or ``None`` if it is not a node."""
    cls = type(obj)
    if cls.__module__ == "builtins":
        return None
    data = _first_value_name(obj, DATA_NAMES)
    grad = _first_value_name(obj, GRAD_NAMES)
    if data is None or grad is None:
        return None
    children = None
    for name in CHILDREN_NAMES:
        value = _instance_attr(obj, name)
        if value is not _MISSING and _is_container(value) and not callable(value):
            children = name
            break
    if children is None:
        return None
    op = None
    for name in OP_NAMES:
        value = _instance_attr(obj, name)
        if value is not _MISSING and not callable(value):
            op = name
            break
    label = None
    for name in LABEL_NAMES:
        value = _instance_attr(obj, name)
        if value is not _MISSING and not callable(value):
            label = name
            break
        if value is _MISSING and _class_defines(cls, name):
            label = name  # a slot that this instance left unset
            break
    backward = None
    for name in BACKWARD_NAMES:
        value = _instance_attr(obj, name)
        if value is not _MISSING and (callable(value) or value is None):
            backward = name
            break
    local_grads = None
    for name in LOCAL_GRADS_NAMES:
        value = _instance_attr(obj, name)
        if value is not _MISSING and _is_container(value):
            local_grads = name
            break
    return Shape(cls, data, grad, children, op, label, backward, local_grads)


class Shapes:
    """A cache of ``Shape`` per class; ``None`` for classes that are not nodes."""

    def __init__(self) -> None:
        self._by_type: Dict[type, Optional[Shape]] = {}

    def of(self, obj: Any, settle: bool = True) -> Optional[Shape]:
        """The shape of ``obj``'s class, resolving it from ``obj`` the first time.

        With ``settle`` false, a class whose instance does not look like a node
        (yet: a constructor may set the inputs afterwards) is tried again next time.
        """
        cls = type(obj)
        try:
            shape = self._by_type[cls]
        except KeyError:
            pass
        else:
            if shape is not None or settle:
                return shape
        shape = _resolve(obj)
        if shape is not None or settle:
            self._by_type[cls] = shape
        return shape

    def known(self) -> Dict[type, Optional[Shape]]:
        """Every class resolved so far."""
        return self._by_type

    def forget(self, cls: type) -> None:
        """Resolve ``cls`` again from its next instance."""
        self._by_type.pop(cls, None)


def read_children(node: Any, shape: Shape, shapes: Shapes) -> Tuple[List[Any], bool]:
    """The node's inputs in its container's order, and whether that order is meaningful.

    Elements that are not nodes are dropped. A ``set``, ``frozenset`` or
    ``dict`` gives ``ordered = False``.
    """
    container = _instance_attr(node, shape.children)
    if container is _MISSING or container is None:
        return [], True
    ordered = not isinstance(container, _UNORDERED)
    try:
        items = list(container)
    except Exception:
        return [], True
    of = shapes.of
    cls = shape.cls
    kept = [item for item in items if type(item) is cls or of(item) is not None]
    return kept, ordered or not kept


def common_class(classes: List[type]) -> Optional[type]:
    """The most derived class that every class in ``classes`` derives from, not ``object``."""
    if not classes:
        return None
    for candidate in classes[0].__mro__:
        if candidate is object:
            break
        if all(issubclass(cls, candidate) for cls in classes):
            return candidate
    return classes[0]


def class_name(cls: type) -> str:
    """``module.QualName`` of a class."""
    return f"{cls.__module__}.{cls.__qualname__}"
