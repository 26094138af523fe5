"""Duck typing: which attributes of a class hold a node's data, grad, inputs, op and label.

Nothing is found by class name. A class is an engine's value type when its
instances have a data attribute, a grad attribute and a container of inputs
under one of the names micrograd-style engines use. The names are resolved
once per class, from the first instance seen, and cached.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple

DATA_NAMES = ("data", "value", "v", "output", "val")
GRAD_NAMES = ("grad", "gradient", "derivative", "grade")
CHILDREN_NAMES = ("_prev", "_children", "prev", "children", "_inputs", "parents", "_operands",
                  "_parents", "operands", "_parent", "inputs")
OP_NAMES = ("_op", "op", "_operation", "_operator", "opp", "_opp", "operation")
LABEL_NAMES = ("label", "_label", "name")
BACKWARD_NAMES = ("_backward", "backtrack", "_backprop", "_grad_fn", "grad_fn", "_backtrack")
LOCAL_GRADS_NAMES = ("_local_grads", "local_grads")
PASS_NAMES = ("backward", "backprop", "backwardpropagation", "backward_propagation",
              "backpropagate", "backpropagation", "back_prop", "backward_pass")
CREATOR_NAMES = ("creator", "_creator")  # DeZero: the Function that made a Variable

_MISSING = object()
_UNORDERED = (set, frozenset, dict)


class Shape:
    """The attribute names one engine class uses: the one place that says which attribute
    plays which role.

    ``op``, ``label``, ``backward`` and ``local_grads`` are ``None`` when the
    class has no such attribute. ``passes`` are the methods of the class that
    run a whole backward pass (``backward``, ``backprop``, ...); ``hidden`` is
    the name of such a method that every instance hides under an attribute of
    its own (``self.backward = lambda: None``: the learner's bug). ``creator``
    is set for a DeZero-style ``Variable``: its inputs are ``creator.inputs``
    and ``children`` names the creator too (see ``dezero``). ``found`` says how
    the roles were found: ``"roles"`` (at least one named in
    ``$AUTOGRAD_TUI_ROLES``), else ``"behaviour"`` (at least one from what the
    attributes hold), else ``"names"``.
    """

    __slots__ = ("cls", "data", "grad", "children", "op", "label", "backward",
                 "local_grads", "weakrefable", "passes", "hidden", "creator", "found",
                 "source")

    def __init__(self, cls: type, data: str, grad: str, children: str,
                 op: Optional[str], label: Optional[str], backward: Optional[str],
                 local_grads: Optional[str], passes: Tuple[str, ...] = (),
                 hidden: Optional[str] = None, creator: Optional[str] = None,
                 found: str = "names", source: Optional[str] = None) -> None:
        self.cls = cls
        self.data = data
        self.grad = grad
        self.children = children
        self.op = op
        self.label = label
        self.backward = backward
        self.local_grads = local_grads
        self.weakrefable: Optional[bool] = None
        self.passes = passes
        self.hidden = hidden
        self.creator = creator
        self.found = found
        self.source = source  # the probe entries' "from" (set on DeZero's stand-in nodes)

    def __repr__(self) -> str:
        return (f"Shape({self.cls.__qualname__}: data={self.data!r}, grad={self.grad!r}, "
                f"children={self.children!r}, op={self.op!r}, label={self.label!r}, "
                f"backward={self.backward!r}, local_grads={self.local_grads!r}, "
                f"passes={self.passes!r}, hidden={self.hidden!r}, creator={self.creator!r}, "
                f"found={self.found!r})")


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
    from .recognise import resolve
    return resolve(obj)[0]


BEHAVIOUR_TRIES = 50  # instances of a class read for behaviour while it is being made


class Shapes:
    """A cache of ``Shape`` per class; ``None`` for classes that are not nodes.

    ``misses`` keeps, per class that was tried and did not fit, the roles that
    were found (for ``diagnosis``). ``on_new`` is called with each shape the
    first time it is found.
    """

    def __init__(self) -> None:
        self._by_type: Dict[type, Optional[Shape]] = {}
        self.misses: Dict[type, Dict[str, Any]] = {}
        self._tries: Dict[type, int] = {}
        self.on_new: Optional[Callable[[Shape], None]] = None

    def of(self, obj: Any, settle: bool = True) -> Optional[Shape]:
        """The shape of ``obj``'s class, resolving it from ``obj`` the first time.

        With ``settle`` false, a class whose instance does not look like a node
        (yet: a constructor may set the inputs afterwards) is tried again next
        time; after ``BEHAVIOUR_TRIES`` such tries, by names only.
        """
        cls = type(obj)
        try:
            shape = self._by_type[cls]
        except KeyError:
            pass
        else:
            if shape is not None or settle:
                return shape
        from .recognise import resolve
        tries = self._tries.get(cls, 0)
        shape, found = resolve(obj, behaviour=settle or tries < BEHAVIOUR_TRIES)
        if shape is None:
            if cls.__module__ != "builtins" and (found["data"] or found["grad"]
                                                 or found["children"] or found["passes"]):
                if tries < BEHAVIOUR_TRIES or cls not in self.misses:
                    from .recognise import numbers_of
                    found["numbers"] = numbers_of(obj)
                    self.misses[cls] = found
            self._tries[cls] = tries + 1
        if shape is not None or settle:
            self._by_type[cls] = shape
        if shape is not None:
            self.misses.pop(cls, None)
            if self.on_new is not None:
                try:
                    self.on_new(shape)
                except Exception:
                    pass
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
