"""Where the engine's own code is: each node's ``_backward`` and the pass, as file and line.

A verdict names the code that is wrong, not only the line of the script that made the
node: the ``_backward`` closure's first line (``engine.py:43 in __pow__``), a DeZero
``Function.backward``, or the pass method. Each distinct code object is written once, in
the capture's ``codes`` table; the capture's ``backward_codes`` gives each node's entry
(``null`` for a leaf or a node with no ``_backward`` of the engine's). Code of this
package (a DeZero stand-in's own method) is never named.

A verdict names the code that is wrong, not only the line of the script that made the
node: the ``_backward`` closure's first line (``engine.py:43 in __pow__``), a DeZero
``Function.backward``, or the pass method. Each distinct code object is written once, in
the capture's ``codes`` table; a node refers to its ``_backward``'s entry by index
(``"backward_code": 3``). Code of this package (a DeZero stand-in's own method) is never
named.
"""

from __future__ import annotations

import os
import types
from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from .notebook import location_members
from .jsonnum import string_text
from .walk import Graph

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_DEZERO = __package__ + ".dezero"  # the module of a DeZero Variable's stand-ins


def code_of(function: Any) -> Optional[types.CodeType]:
    """The code object behind a function, a bound method or a ``functools.partial``-free
    callable; ``None`` for what has none (a builtin, a callable object).

    A wrapper of this package's (``patch`` wraps the ``backward`` of every class that looks
    like a value class while recording, a DeZero ``Function`` with its own ``__init__``
    included) stands for the function it wraps (``__wrapped__``).
    """
    for _ in range(8):
        function = getattr(function, "__func__", function)
        code = getattr(function, "__code__", None)
        if not isinstance(code, types.CodeType):
            return None
        inner = getattr(function, "__wrapped__", None) if is_ours(code) else None
        if inner is None:
            return code
        function = inner
    return None


def function_name(code: types.CodeType) -> str:
    """The function a reader looks for: a closure's enclosing method (``__pow__`` for
    ``Value.__pow__.<locals>._backward``), else the function itself."""
    qualified = getattr(code, "co_qualname", code.co_name)  # Python 3.11 and later
    outer, local, _ = qualified.rpartition(".<locals>.")
    if local:
        return outer.rpartition(".")[2]
    return qualified.rpartition(".")[2]


def location_json(code: types.CodeType, cwd: Optional[str] = None) -> str:
    """``{"file": .., "line": .., "function": ..}`` for a code object."""
    return '{%s, "line": %d, "function": %s}' % (
        location_members(code.co_filename, cwd), code.co_firstlineno,
        string_text(function_name(code)))


@lru_cache(maxsize=4096)
def is_ours(code: types.CodeType) -> bool:
    """Whether ``code`` is this package's (a stand-in's method), never the engine's (asked
    once per code object: a capture asks it for every node)."""
    return os.path.abspath(code.co_filename).startswith(_PACKAGE_DIR + os.sep)


def pass_code(function: Any, cwd: Optional[str] = None) -> Optional[str]:
    """The pass method's location as JSON, ``None`` when it has no code of the engine's."""
    code = code_of(function)
    if code is None or is_ours(code):
        return None
    return location_json(code, cwd)


class BackwardCodes:
    """The ``codes`` table of one capture and each node's index into it."""

    def __init__(self, nodes: List[Any], shapes: List[Any], children: Sequence[Any],
                 cwd: Optional[str] = None) -> None:
        """``children[n]`` is true when node ``n`` has inputs (its list of input numbers,
        or its container of inputs)."""
        index: Dict[types.CodeType, str] = {}  # each code's entry, "null" for ours
        self.entries: List[str] = []
        self.of_node: List[str] = []
        put = self.of_node.append
        code_of_node = self._code
        for node, shape, kids in zip(nodes, shapes, children):
            code = code_of_node(node, shape.backward) if kids else None
            if code is None:
                put("null")
                continue
            number = index.get(code)
            if number is None:  # a code's place and whether it is ours, once per code
                if is_ours(code):
                    number = "null"
                else:
                    number = str(len(self.entries))
                    self.entries.append(location_json(code, cwd))
                index[code] = number
            put(number)

    @classmethod
    def of_graph(cls, graph: Graph, cwd: Optional[str] = None) -> "BackwardCodes":
        """The codes of a walked graph."""
        return cls(graph.nodes, graph.shapes, graph.children, cwd)

    @staticmethod
    def _code(node: Any, attribute: Optional[str]) -> Optional[types.CodeType]:
        """The code of the node's ``_backward`` (or its DeZero creator's ``backward``), this
        package's included."""
        try:
            if type(node).__module__ == _DEZERO:
                return code_of(getattr(type(getattr(node, "fn", None)), "backward", None))
            if attribute:
                return code_of(getattr(node, attribute, None))
        except Exception:
            pass
        return None

    def members(self) -> Dict[str, str]:
        """The capture's ``codes`` and ``backward_codes`` members as JSON, none when empty."""
        if not self.entries:
            return {}
        return {"codes": "[" + ", ".join(self.entries) + "]",
                "backward_codes": "[" + ", ".join(self.of_node) + "]"}


def raise_site(error: BaseException, is_engine: Callable[[types.CodeType], bool],
               cwd: Optional[str] = None) -> Optional[str]:
    """Where ``error`` was raised, as ``{"file", "line", "function"}`` JSON: the innermost
    frame of its traceback in the engine's code (``is_engine``), else the innermost one not
    of this package; ``line`` is the line that raised, ``function`` the function's own name
    (``build_topo``, a closure of ``backward``). ``None`` when every frame is this package's.
    """
    engine: Optional[Tuple[types.CodeType, int]] = None
    other: Optional[Tuple[types.CodeType, int]] = None
    trace = error.__traceback__
    while trace is not None:
        code = trace.tb_frame.f_code
        if not is_ours(code):
            other = (code, trace.tb_lineno)
            if is_engine(code):
                engine = other
        trace = trace.tb_next
    found = engine or other
    if found is None:
        return None
    code, line = found
    return '{%s, "line": %d, "function": %s}' % (
        location_members(code.co_filename, cwd), line, string_text(code.co_name))
