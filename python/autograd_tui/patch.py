"""Finding engine classes while recording, and wrapping their ``__init__`` and pass methods.

A class is a candidate when it is defined in Python (not C), has a Python
``__init__`` and either a Python method named like a whole backward pass
(``backward``, ``backprop``, ``backwardpropagation``, ..., see
``recognise.pass_names``) or ``__add__`` or ``__mul__`` somewhere in its MRO
(an engine whose pass is a free function, or a method of another name, which
``record()`` learns when it first runs: ``patch_pass``), or an ``__init__`` that
names a data, a grad and an inputs or step attribute of ``shape``'s lists (an
engine whose operations are free functions, ``add(a, b)``), the latter two only
outside the standard library and installed packages. Only ``__init__`` and the
pass methods are wrapped: the forward pass's operators run untouched.
Candidates are found among the classes already defined (every
loaded module's globals and the caller's frame) and, while recording, among
the classes defined afterwards (``builtins.__build_class__`` is wrapped). A
candidate is only a node class if its instances pass the duck-typing test of
``shape``; the wrappers let everything else through untouched. Every class
attribute set here is put back when recording stops.
"""

from __future__ import annotations

import builtins
import functools
import os
import sys
import types
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from .frames import _LIBRARY_DIRS
from .recognise import pass_names
from .roles import names_for
from .shape import BACKWARD_NAMES, CHILDREN_NAMES, DATA_NAMES, GRAD_NAMES

HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: defined by a class statement, not in C
SKIP_MODULES = frozenset((
    "autograd_tui", "builtins", "numpy", "scipy", "pandas", "torch", "tensorflow", "jax",
    "jaxlib", "mxnet", "sympy", "matplotlib", "IPython", "ipykernel", "_pytest", "pytest",
    "pluggy", "sklearn", "keras", "tinygrad", "cupy", "numba"))
_ABSENT = object()


def _module_root(name: Any) -> str:
    return name.split(".", 1)[0] if isinstance(name, str) else ""


def is_candidate(cls: Any) -> bool:
    """Whether ``cls`` may be an engine's value class (see the module docstring)."""
    if not isinstance(cls, type) or not cls.__flags__ & HEAPTYPE:
        return False
    if _module_root(getattr(cls, "__module__", None)) in SKIP_MODULES:
        return False
    has_init = has_pass = has_arithmetic = False
    passes = pass_names()
    for klass in cls.__mro__:
        if klass is object:
            continue
        namespace = vars(klass)
        if not has_init and isinstance(namespace.get("__init__"), types.FunctionType):
            has_init = True
        if not has_pass:
            has_pass = any(isinstance(namespace.get(name), types.FunctionType)
                           for name in passes)
        if "__add__" in namespace or "__mul__" in namespace:
            has_arithmetic = True
    if not has_init and not has_pass:  # a pass method is enough: ``@dataclass`` adds
        return False                    # ``__init__`` after the class statement has run
    if not (has_pass or has_arithmetic or _init_sets_node_roles(cls)):
        return False
    return has_pass or not _in_library(cls)


def _init_sets_node_roles(cls: type) -> bool:
    """Whether the first Python ``__init__`` of ``cls``'s MRO names a data, a grad and an
    inputs or step attribute (``self.data``, ``self.grad``, ``self._prev``): a value class
    whose operations are free functions (``def add(a, b): ...``) has no operator to show."""
    for klass in cls.__mro__:
        init = vars(klass).get("__init__")
        if isinstance(init, types.FunctionType):
            names = set(init.__code__.co_names)
            return bool(names.intersection(names_for("data", DATA_NAMES))
                        and names.intersection(names_for("grad", GRAD_NAMES))
                        and (names.intersection(names_for("children", CHILDREN_NAMES))
                             or names.intersection(names_for("backward", BACKWARD_NAMES))))
    return False


def _in_library(cls: type) -> bool:
    """Whether ``cls`` comes from the standard library or an installed package (where a class
    with arithmetic and no pass method is no engine: ``collections.Counter``)."""
    module = sys.modules.get(getattr(cls, "__module__", None) or "")
    path = getattr(module, "__file__", None)
    if not isinstance(path, str):
        return False
    return os.path.abspath(path).startswith(_LIBRARY_DIRS)


def existing_classes(frame: Optional[types.FrameType]) -> List[type]:
    """Candidates among the classes already defined (modules' globals, ``frame``'s names)."""
    spaces: List[Dict[str, Any]] = []
    for name, module in list(sys.modules.items()):
        if _module_root(name) in SKIP_MODULES or not isinstance(module, types.ModuleType):
            continue
        try:
            spaces.append(object.__getattribute__(module, "__dict__"))
        except Exception:
            continue
    if frame is not None:
        spaces.append(frame.f_globals)
        try:
            spaces.append(dict(frame.f_locals))
        except Exception:
            pass
    found: Dict[int, type] = {}
    for space in spaces:
        try:
            values = list(space.values())
        except Exception:
            continue
        for value in values:
            if isinstance(value, type) and id(value) not in found and is_candidate(value):
                found[id(value)] = value
    return list(found.values())


InitHook = Callable[[Any, Tuple[Any, ...], Dict[str, Any]], None]
BackwardHook = Callable[[Callable[..., Any], Any, Tuple[Any, ...], Dict[str, Any]], Any]


class Patcher:
    """Wraps the ``__init__`` and pass methods of candidate classes; undoes it all.

    ``on_restore`` holds functions called once, after everything else, by ``restore``.
    """

    def __init__(self, on_init: InitHook, on_backward: BackwardHook,
                 active: Callable[[], bool]) -> None:
        self._on_init = on_init
        self._on_backward = on_backward
        self._active = active
        self._done: List[Tuple[type, str, Any, Any]] = []  # class, name, original, wrapper
        self._wrapped: Dict[Tuple[int, str], bool] = {}
        self._classes: Dict[int, type] = {}
        self._build_class: Any = None
        self.init_depth = 0
        self.backward_depth = 0
        self.enabled = False  # kept equal to active() by the owner, read by the wrappers
        self.creating = True  # whether the __init__ wrappers are in place (set_creating)
        self.on_restore: List[Callable[[], None]] = []

    @property
    def classes(self) -> List[type]:
        """Every candidate class patched so far."""
        return list(self._classes.values())

    def patch(self, cls: type) -> None:
        """Wrap ``__init__`` and the pass methods wherever ``cls``'s MRO defines them."""
        if id(cls) in self._classes:
            return
        self._classes[id(cls)] = cls
        makers = [("__init__", self._wrap_init)]
        makers.extend((name, self._wrap_backward) for name in pass_names())
        for klass in cls.__mro__:
            if klass is object:
                continue
            for name, make in makers:
                self._wrap(klass, name, make)

    def patch_init(self, cls: type) -> None:
        """Wrap an ``__init__`` that ``cls``'s MRO gained after ``patch`` (``@dataclass``'s)."""
        if id(cls) not in self._classes:
            return
        for klass in cls.__mro__:
            if klass is not object and "__init__" in vars(klass):
                self._wrap(klass, "__init__", self._wrap_init)
                return

    def patch_pass(self, cls: type, name: str) -> bool:
        """Wrap ``name`` where ``cls``'s MRO defines it, as a pass; whether it now is."""
        for klass in cls.__mro__:
            if name in vars(klass):
                return self._wrap(klass, name, self._wrap_backward)
        return False

    def _wrap(self, klass: type, name: str,
              make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> bool:
        """Replace the function ``name`` of ``klass`` by ``make(it)``; whether it is wrapped."""
        original = vars(klass).get(name)
        if not isinstance(original, types.FunctionType):
            return False
        if self._wrapped.get((id(klass), name)):
            return True
        wrapper = make(original)
        try:
            setattr(klass, name, wrapper)
        except (TypeError, AttributeError):
            return False
        self._wrapped[(id(klass), name)] = True
        self._done.append((klass, name, original, wrapper))
        return True

    def patch_all(self, classes: Iterable[type]) -> None:
        """``patch`` each class."""
        for cls in classes:
            self.patch(cls)

    def hook_class_statements(self) -> None:
        """Patch candidate classes defined from now on."""
        if self._build_class is not None:
            return
        original = builtins.__build_class__
        self._build_class = original
        patcher = self

        def __build_class__(*args: Any, **kwargs: Any) -> Any:
            cls = original(*args, **kwargs)
            try:
                if patcher._active() and is_candidate(cls):
                    patcher.patch(cls)
            except Exception:
                pass
            return cls

        builtins.__build_class__ = __build_class__

    def restore(self) -> None:
        """Put back every attribute this patcher set."""
        if self._build_class is not None:
            builtins.__build_class__ = self._build_class
            self._build_class = None
        while self._done:
            klass, name, original, wrapper = self._done.pop()
            try:
                if vars(klass).get(name) is wrapper:
                    setattr(klass, name, original)
            except (TypeError, AttributeError):
                pass
        self._wrapped.clear()
        self._classes.clear()
        self.creating = True
        while self.on_restore:
            undo = self.on_restore.pop()
            try:
                undo()
            except Exception:
                pass

    def set_creating(self, on: bool) -> None:
        """Put the ``__init__`` wrappers in place (``on``) or the originals back: while off,
        making a node costs the engine nothing extra (a forward pass no capture needs)."""
        if on == self.creating:
            return
        self.creating = on
        for klass, name, original, wrapper in self._done:
            if name != "__init__":
                continue
            now, then = (original, wrapper) if on else (wrapper, original)
            try:
                if vars(klass).get(name) is now:
                    setattr(klass, name, then)
            except (TypeError, AttributeError):
                pass

    def _wrap_init(self, original: Callable[..., Any]) -> Callable[..., Any]:
        patcher = self
        on_init = self._on_init

        @functools.wraps(original)
        def __init__(node: Any, *args: Any, **kwargs: Any) -> Any:
            """(Replaced by the engine's own docstring.)"""
            if not patcher.enabled or not patcher.creating:
                return original(node, *args, **kwargs)
            patcher.init_depth += 1
            try:
                result = original(node, *args, **kwargs)
            finally:
                patcher.init_depth -= 1
            if patcher.init_depth == 0:
                on_init(node, args, kwargs)
            return result

        return __init__

    def _wrap_backward(self, original: Callable[..., Any]) -> Callable[..., Any]:
        patcher = self
        on_backward = self._on_backward

        @functools.wraps(original)
        def backward(node: Any, *args: Any, **kwargs: Any) -> Any:
            """(Replaced by the engine's own docstring.)"""
            if patcher.backward_depth or not patcher.enabled:
                return original(node, *args, **kwargs)
            patcher.backward_depth += 1
            try:
                return on_backward(original, node, args, kwargs)
            finally:
                patcher.backward_depth -= 1

        return backward
