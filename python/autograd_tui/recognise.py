"""Recognising an engine's value class: by names first, then by what its attributes hold.

The fast path tries the attribute names micrograd-style engines use (the lists
in ``shape``), with any name the user gave in ``$AUTOGRAD_TUI_ROLES`` tried
first (``roles``). Where a role is still missing, one instance is read for
what its attributes *hold*:

- the inputs: a set, tuple or list whose members are instances of the same
  class (on a leaf, the only empty one such container);
- the data: a number (an int or float, not a bool; a one-element array);
- the grad: a number that is 0 when the node is made, after the data in the
  order the constructor set them (the data is the first number);
- the per-node step: a callable the instance holds itself (micrograd's
  ``out._backward = _backward``), other than one named like a whole pass.

A class with a data and a grad attribute whose inputs are reached through a
``creator`` (a DeZero-style ``Variable``) is recognised as such; see ``dezero``.

A class defines a pass when it has a method named like one (``backward``,
``backprop``, ``backwardpropagation``, ...). When every instance sets an
attribute of that name itself (``self.backward = lambda: None``), the method
is hidden: calling ``node.backward()`` runs the attribute, and ``hidden``
names it (see ``diagnosis``). The op and the label are found by name only: a
guessed op could be a label, and a missing op is inferred from the data.
"""

from __future__ import annotations

import types
from typing import Any, Dict, List, Optional, Tuple

from .jsonnum import as_float
from .roles import named_roles, names_for, valid_attribute
from .shape import (BACKWARD_NAMES, CHILDREN_NAMES, CREATOR_NAMES, DATA_NAMES, GRAD_NAMES,
                    LABEL_NAMES, LOCAL_GRADS_NAMES, OP_NAMES, PASS_NAMES, _MISSING,
                    Shape, _class_defines, _first_value_name, _instance_attr, _is_container)

Found = Dict[str, Any]
_SEQUENCES = (set, frozenset, tuple, list)


def pass_names() -> Tuple[str, ...]:
    """The method names that may run a whole pass, the user's ``pass=`` first."""
    return names_for("pass", PASS_NAMES)


def class_passes(cls: type) -> Tuple[str, ...]:
    """The pass methods (plain Python functions) that ``cls``'s MRO defines."""
    found = []
    for name in pass_names():
        for klass in cls.__mro__:
            if name in vars(klass):
                if isinstance(vars(klass)[name], types.FunctionType):
                    found.append(name)
                break
    return tuple(found)


def _own_attributes(obj: Any) -> List[Tuple[str, Any]]:
    """The instance's own attributes (its ``__dict__``, then its slots), in order."""
    items: List[Tuple[str, Any]] = []
    try:
        namespace = object.__getattribute__(obj, "__dict__")
    except Exception:
        namespace = None
    if isinstance(namespace, dict):
        items.extend(namespace.items())
    for klass in type(obj).__mro__:
        slots = vars(klass).get("__slots__", ())
        for name in ((slots,) if isinstance(slots, str) else slots):
            if name in ("__dict__", "__weakref__"):
                continue
            value = _instance_attr(obj, name)
            if value is not _MISSING:
                items.append((name, value))
    return [(name, value) for name, value in items
            if isinstance(name, str) and valid_attribute(name)]


def _is_number(value: Any) -> bool:
    return type(value) is not bool and as_float(value) is not None


def numbers_of(obj: Any) -> List[Tuple[str, float]]:
    """The instance's own attributes that hold a number, with the number (for ``diagnosis``)."""
    return [(name, as_float(value) or 0.0) for name, value in _own_attributes(obj)
            if _is_number(value)][:6]


def _related(member: Any, obj: Any, cls: type) -> bool:
    """Whether ``member`` is an instance of ``obj``'s class, or of a class it derives from."""
    kind = type(member)
    return kind is cls or isinstance(member, cls) or (
        kind.__module__ != "builtins" and isinstance(obj, kind))


def _by_behaviour(obj: Any, cls: type, found: Found) -> bool:
    """Fill the missing data, grad, inputs and step of ``found``; whether any was filled."""
    taken = {value for value in found.values() if isinstance(value, str)}
    passes = set(pass_names())
    attributes = [(name, value) for name, value in _own_attributes(obj) if name not in taken]
    filled = False
    if found["children"] is None:
        empty = []
        for name, value in attributes:
            if not isinstance(value, _SEQUENCES):
                continue
            if not value:
                empty.append(name)
            elif all(_related(member, obj, cls) for member in value):
                found["children"] = name
                break
        else:
            if len(empty) == 1:
                found["children"] = empty[0]
        filled = filled or found["children"] is not None
    numbers = [name for name, value in attributes
               if _is_number(value) and name != found["children"]]
    if found["data"] is None and found["grad"] is not None:
        numbers = [name for name in numbers if name != found["grad"]]
        found["data"] = numbers[0] if numbers else None
        filled = filled or bool(numbers)
    elif found["grad"] is None:
        data = found["data"]
        rest = [name for name in numbers if name != data]
        if data is None and numbers:
            data, rest = numbers[0], numbers[1:]
        zeros = [name for name in rest if as_float(getattr(obj, name, None)) == 0.0]
        if data is not None and zeros:
            found["data"], found["grad"] = data, zeros[0]
            filled = True
    if found["backward"] is None and found["local_grads"] is None:
        for name, value in attributes:
            if name in passes or isinstance(value, type) or not callable(value):
                continue
            found["backward"] = name
            filled = True
            break
    return filled


def _hidden(obj: Any, passes: Tuple[str, ...]) -> Optional[str]:
    """A pass method that the instance hides under an attribute of its own."""
    for name in passes:
        try:
            namespace = object.__getattribute__(obj, "__dict__")
        except Exception:
            return None
        if isinstance(namespace, dict) and name in namespace:
            return name
    return None


def resolve(obj: Any, behaviour: bool = True) -> Tuple[Optional[Shape], Found]:
    """The shape of ``obj``'s class, or ``None``; and the roles found either way.

    ``behaviour`` false tries the names only (a class already seen failing many
    times, whose instances are being made in bulk).
    """
    cls = type(obj)
    found: Found = dict.fromkeys(("data", "grad", "children", "op", "label", "backward",
                                  "local_grads", "creator"))
    found["passes"] = ()
    if cls.__module__ == "builtins":
        return None, found
    named = named_roles()
    found["data"] = _first_value_name(obj, names_for("data", DATA_NAMES))
    found["grad"] = _first_value_name(obj, names_for("grad", GRAD_NAMES))
    for name in names_for("children", CHILDREN_NAMES):
        value = _instance_attr(obj, name)
        if value is not _MISSING and _is_container(value) and not callable(value):
            found["children"] = name
            break
    found["op"] = _first_value_name(obj, names_for("op", OP_NAMES))
    for name in names_for("label", LABEL_NAMES):
        value = _instance_attr(obj, name)
        if (value is not _MISSING and not callable(value)) or (
                value is _MISSING and _class_defines(cls, name)):  # an unset slot
            found["label"] = name
            break
    for name in names_for("backward", BACKWARD_NAMES):
        value = _instance_attr(obj, name)
        if value is not _MISSING and (callable(value) or value is None):
            found["backward"] = name
            break
    for name in names_for("local_grads", LOCAL_GRADS_NAMES):
        value = _instance_attr(obj, name)
        if value is not _MISSING and _is_container(value):
            found["local_grads"] = name
            break
    passes = class_passes(cls)
    found["passes"] = passes
    hidden = _hidden(obj, passes)
    how = "roles" if any(found.get(role) == name for role, name in named.items()) or (
        named.get("pass") in passes) else "names"
    if found["children"] is None and found["data"] and found["grad"]:
        for name in CREATOR_NAMES:
            value = _instance_attr(obj, name)
            if value is None or (value is not _MISSING and hasattr(value, "inputs")):
                found["creator"] = name
                shape = Shape(cls, found["data"], found["grad"], name, None, found["label"],
                              None, None, passes, hidden, name, how)
                return shape, found
    if behaviour and (found["data"] is None or found["grad"] is None
                      or found["children"] is None or found["backward"] is None):
        if _by_behaviour(obj, cls, found) and how == "names":
            how = "behaviour"
    if found["data"] is None or found["grad"] is None or found["children"] is None:
        return None, found
    shape = Shape(cls, found["data"], found["grad"], found["children"], found["op"],
                  found["label"], found["backward"], found["local_grads"], passes, hidden,
                  None, how)
    return shape, found
