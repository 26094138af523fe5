"""Which stack frame is the user's: the source line that made a node or called backward().

The user's frame is the first one, walking outwards, that is

- not running one of the engine's own methods (any function defined in the
  body of the value class or its bases, including the ``_backward`` closures
  and lambdas nested in them); the engine may live in the script itself, as
  in a notebook, so the file alone cannot tell;
- not in this package;
- not in an installed library or the standard library (``micrograd/nn.py``
  calling the engine for ``model(x)``), unless that file is the script run.

When every frame is excluded by the last rule, the first frame outside the
engine's methods and this package is used. A helper function outside the
class (``def tanh(v): return v.tanh()``) counts as the user's code, wherever
it is defined, unless it calls the value class's constructor with inputs itself
(``def mul(a, b): out = Value(a.data * b.data, (a, b))``): then it is one of the
engine's operations (``add_operation``).
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
import types
from typing import Any, Dict, Iterable, Optional, Set, Tuple

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))

_FUNCTION_KINDS = (types.FunctionType,)


def _library_dirs() -> Tuple[str, ...]:
    """The standard library and site-packages folders, each ending in a separator."""
    found: Set[str] = set()
    paths = sysconfig.get_paths()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        if paths.get(key):
            found.add(paths[key])
    try:
        found.update(site.getsitepackages())
    except Exception:
        pass
    try:
        found.add(site.getusersitepackages())
    except Exception:
        pass
    result = set()
    for folder in found:
        for form in (os.path.abspath(folder), os.path.realpath(folder)):
            result.add(form.rstrip(os.sep) + os.sep)
    return tuple(sorted(result))


_LIBRARY_DIRS = _library_dirs()


def _nested_codes(code: types.CodeType, into: Set[types.CodeType]) -> None:
    """Add ``code`` and every code object nested in it (closures, lambdas) to ``into``."""
    stack = [code]
    while stack:
        current = stack.pop()
        if current in into:
            continue
        into.add(current)
        for const in current.co_consts:
            if isinstance(const, types.CodeType):
                stack.append(const)


def _functions_of(value: Any) -> Iterable[Any]:
    """The plain functions behind a class attribute (methods, properties, wrappers)."""
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if isinstance(value, property):
        return [f for f in (value.fget, value.fset, value.fdel) if f is not None]
    found = []
    seen = 0
    while value is not None and seen < 8:
        if isinstance(value, _FUNCTION_KINDS):
            found.append(value)
        value = getattr(value, "__wrapped__", None)
        seen += 1
    return found


_main_cache: Tuple[Any, Optional[str]] = (None, None)


def main_script() -> Optional[str]:
    """The absolute path of the script run as ``__main__``, when there is one."""
    global _main_cache
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if path is not _main_cache[0]:
        _main_cache = (path, os.path.abspath(path) if isinstance(path, str) else None)
    return _main_cache[1]


class SourceFinder:
    """Finds the user's frame, given the engine classes it has been told about."""

    def __init__(self) -> None:
        self._codes: Set[types.CodeType] = set()
        self._classes: Set[type] = set()
        self._kinds: Dict[str, int] = {}
        self._code_kinds: Dict[types.CodeType, int] = {}  # 3: one of the engine's methods
        self._main: Optional[str] = None

    def add_class(self, cls: type) -> None:
        """Treat the methods of ``cls`` and its bases as the engine's own."""
        if cls in self._classes:
            return
        for klass in cls.__mro__:
            if klass is object or klass in self._classes:
                continue
            self._classes.add(klass)
            if klass.__module__ == "builtins":
                continue
            for value in list(vars(klass).values()):
                for function in _functions_of(value):
                    code = getattr(function, "__code__", None)
                    if isinstance(code, types.CodeType):
                        _nested_codes(code, self._codes)
        self._code_kinds.clear()

    def add_operation(self, code: types.CodeType) -> None:
        """Treat a free function that makes nodes from inputs (``def mul(a, b): out =
        Value(a.data * b.data, (a, b)); ...``) as the engine's own, closures included."""
        if code not in self._codes:
            _nested_codes(code, self._codes)
            self._code_kinds.clear()

    def is_engine_code(self, code: types.CodeType) -> bool:
        """Whether ``code`` is one of the engine's methods or nested in one."""
        return code in self._codes

    def _kind(self, filename: str) -> int:
        """0: the user's file; 1: a library; 2: this package."""
        kind = self._kinds.get(filename)
        if kind is not None:
            return kind
        if filename.startswith("<frozen"):
            kind = 1
        elif filename.startswith("<autograd_tui"):
            kind = 2
        else:
            path = os.path.abspath(filename) if not filename.startswith("<") else filename
            if path.startswith(_PACKAGE_DIR + os.sep):
                kind = 2
            elif path == self._main:
                kind = 0
            elif path.startswith(_LIBRARY_DIRS):
                kind = 1
            else:
                kind = 0
        self._kinds[filename] = kind
        return kind

    def user_frame(self, frame: Optional[types.FrameType]) -> Optional[types.FrameType]:
        """The user's frame, starting at ``frame`` and walking outwards (see the module)."""
        main = main_script()
        if main != self._main:
            self._main = main
            self._kinds.clear()
            self._code_kinds.clear()
        fallback = None
        kinds = self._code_kinds
        while frame is not None:
            code = frame.f_code
            kind = kinds.get(code)
            if kind is None:
                kind = 3 if code in self._codes else self._kind(code.co_filename)
                kinds[code] = kind
            if kind == 0:
                return frame
            if kind == 1 and fallback is None:
                fallback = frame
            frame = frame.f_back
        return fallback

    def location(self, frame: Optional[types.FrameType]) -> Tuple[Optional[str], Optional[int]]:
        """``(file, line)`` of the user's frame from ``frame`` outwards, or ``(None, None)``."""
        found = self.user_frame(frame)
        if found is None:
            return None, None
        return found.f_code.co_filename, found.f_lineno


def display_path(path: Optional[str], cwd: Optional[str] = None) -> Optional[str]:
    """``path`` relative to the working folder when it lies inside it, else absolute.

    Pseudo-file names such as ``<ipython-input-3>`` are kept as they are.
    """
    if path is None or path.startswith("<"):
        return path
    base = cwd or os.getcwd()
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return absolute
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return absolute
    return relative
