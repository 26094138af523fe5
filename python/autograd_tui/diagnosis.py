"""Why a script made no captured pass: what the bridge found, and what was missing.

``diagnose(recorder_or_hub)`` is meant for after a script ran and nothing
was captured (``runner`` writes it into the document as ``"diagnosis"``).
Each entry is ``{"message": str, "file": str or None, "line": int or None}``:

- a class whose every instance hides its pass method under an attribute of
  its own (``self.backward = lambda: None`` in ``__init__``): the learner's
  bug, at the line of that assignment;
- a class that almost fits: what was found in which attribute, what is
  missing, and the ``AUTOGRAD_TUI_ROLES`` setting that names it (at the line
  of the class);
- a class recognised whose pass never ran, or that has no pass method and no
  per-node step the bridge could watch;
- a pass method that returned a generator the script never ran, or stopped before it was
  exhausted (``deferred``): said even when other calls were captured.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import types
from typing import Any, Dict, List, Optional, Tuple

from .frames import display_path
from .recognise import pass_names
from .roles import ENV_ROLES
from .shape import Shape, class_name

Entry = Dict[str, Any]
_ROLE_WORDS = (("data", "data"), ("grad", "a grad"), ("children", "inputs"),
               ("backward", "a per-node step"))


def _plain(function: Any) -> Any:
    """The function behind the bridge's wrappers (``__wrapped__``)."""
    for _ in range(8):
        inner = getattr(function, "__wrapped__", None)
        if inner is None:
            break
        function = inner
    return function


def _code_place(function: Any) -> Tuple[Optional[str], Optional[int]]:
    code = getattr(_plain(function), "__code__", None)
    if not isinstance(code, types.CodeType):
        return None, None
    return display_path(code.co_filename), code.co_firstlineno


def _class_place(cls: type) -> Tuple[Optional[str], Optional[int]]:
    """The file and line of ``class NAME`` (of its first method when the source is gone)."""
    try:
        lines, line = inspect.findsource(cls)
        return display_path(inspect.getsourcefile(cls)), line + 1
    except Exception:
        pass
    for value in vars(cls).values():
        file, line = _code_place(value)
        if file is not None:
            return file, line
    return None, None


def _assignment(cls: type, name: str) -> Tuple[Optional[str], Optional[int], Optional[str]]:
    """Where a method of ``cls``'s MRO assigns ``self.NAME``: file, line, method's owner."""
    for klass in cls.__mro__:
        for method_name, value in vars(klass).items():
            function = _plain(value)
            code = getattr(function, "__code__", None)
            if not isinstance(code, types.CodeType) or not code.co_varnames:
                continue
            if name not in code.co_names:
                continue
            try:
                source, first = inspect.getsourcelines(function)
                tree = ast.parse(textwrap.dedent("".join(source)))
            except Exception:
                continue
            me = code.co_varnames[0]
            for node in ast.walk(tree):
                targets = node.targets if isinstance(node, ast.Assign) else (
                    [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
                for target in targets:
                    if (isinstance(target, ast.Attribute) and target.attr == name
                            and isinstance(target.value, ast.Name) and target.value.id == me):
                        return (display_path(code.co_filename), first + node.lineno - 1,
                                f"{klass.__qualname__}.{method_name}")
    return None, None, None


def _hidden_entry(shape: Shape) -> Entry:
    cls, name = shape.cls, shape.hidden or ""
    file, line, where = _assignment(cls, name)
    method = None
    for klass in cls.__mro__:
        if name in vars(klass):
            method = vars(klass)[name]
            break
    mfile, mline = _code_place(method)
    owner = where or f"{cls.__qualname__}.__init__"
    hidden_at = f" (line {mline})" if mfile == file and mline else (
        f" ({display_path(mfile)}:{mline})" if mfile else "")
    message = (f"{owner} sets self.{name} on every value, hiding the method "
               f"{cls.__qualname__}.{name}{hidden_at}: calling .{name}() on a value calls "
               f"that instance attribute instead, and the pass never runs; delete the line")
    return {"message": message, "file": display_path(file) if file else None, "line": line}


def _listing(words: List[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _found_words(found: Dict[str, Any]) -> List[str]:
    words = [f"{word} in `{found[role]}`" for role, word in _ROLE_WORDS if found.get(role)]
    if found.get("passes"):
        words.append("a pass method `" + "`, `".join(found["passes"]) + "`")
    return words


def _miss_entry(cls: type, found: Dict[str, Any]) -> Entry:
    missing = [(role, word) for role, word in _ROLE_WORDS[:3] if not found.get(role)]
    words = _found_words(found)
    lacking = " and ".join(("no grad attribute" if role == "grad" else f"no {word}")
                           for role, word in missing)
    numbers = found.get("numbers") or []
    hint = ""
    if numbers:
        hint = " (the numbers it holds: " + ", ".join(
            f"`{name}` = {value!r}" for name, value in numbers) + ")"
    setting = ",".join(f"{role}=..." for role, _ in missing)
    them = "them" if len(missing) > 1 else "it"
    message = (f"{class_name(cls)} has {_listing(words) or 'none of the known names'} "
               f"but {lacking} was found{hint}: name {them} with {ENV_ROLES}={setting}")
    file, line = _class_place(cls)
    return {"message": message, "file": file, "line": line}


def _unwatched_entry(shape: Shape) -> Entry:
    cls = shape.cls
    roles = {"data": shape.data, "grad": shape.grad, "children": shape.children,
             "backward": shape.backward, "passes": shape.passes}
    words = _listing(_found_words(roles))
    file, line = _class_place(cls)
    if shape.passes:
        names = ", ".join(f"{name}()" for name in shape.passes)
        message = (f"{class_name(cls)} was recognised ({words}), but {names} was never "
                   "called on one of its values")
    elif not shape.backward and not shape.local_grads:
        known = ", ".join(pass_names()[:4])
        message = (f"{class_name(cls)} was recognised ({words}), but it has no method that "
                   f"runs a backward pass ({known}, ...) and no per-node step was found: "
                   f"name them with {ENV_ROLES}=pass=...,backward=...")
    else:
        message = (f"{class_name(cls)} was recognised ({words}), but its `{shape.backward}` "
                   "never ran while recording")
    return {"message": message, "file": file, "line": line}


def diagnose(recorder_or_hub: Any = None) -> List[Entry]:
    """What the bridge found and what was missing (see the module docstring).

    Given a ``Recorder`` (or nothing), the bridge's shared hub is read; a
    recorder that captured passes gets only the hidden-method entries.
    """
    from .recorder import HUB
    hub = recorder_or_hub if hasattr(recorder_or_hub, "shapes") else HUB
    count = getattr(recorder_or_hub, "count", None)
    if count is None:
        current = hub.current()
        count = current.count if current is not None else 0
    entries: List[Entry] = []
    shapes = [shape for shape in hub.shapes.known().values() if shape is not None]
    for shape in shapes:
        if shape.hidden:
            entries.append(_hidden_entry(shape))
    notes = list(getattr(getattr(hub, "deferred", None), "notes", ()))
    entries.extend(dict(note) for note in notes)
    if count or notes:
        return entries
    entries.extend(_unwatched_entry(shape) for shape in shapes if not shape.hidden)
    for cls, found in hub.shapes.misses.items():
        if not found.get("children") and not (found.get("data") and found.get("grad")):
            continue
        if any("forward" in vars(klass) for klass in cls.__mro__):
            continue  # a DeZero Function: it makes nodes, it is not one
        entries.append(_miss_entry(cls, found))
    return entries
