"""Holding back the inputs' own steps while one node's step is probed.

A recursive "push" engine's step calls its inputs' ``backward(g)``, which runs their
steps in turn: probed as it is, one node's step would credit each input with its whole
subtree's effect. ``probe.probe_call`` puts a step that does nothing in place of each
input's own (``HeldSteps``) and learns, per class, whether any was called (``PUSHES``).
"""

from __future__ import annotations

import weakref
from typing import Any, List, Tuple

_ABSENT = object()


# Whether each class's steps call their inputs' steps (learned on its first probe).
PUSHES: "weakref.WeakKeyDictionary[type, bool]" = weakref.WeakKeyDictionary()


class HeldSteps:
    """The inputs' own steps, held back (a step that does nothing in their place) while one
    node's step is probed, and whether any of them was called."""

    def __init__(self, kids: List[Tuple[int, Any, str]], name: str) -> None:
        self.name = name
        self.called = False
        self.kids = [kid for _, kid, _ in kids]
        self.placed: List[Tuple[Any, bool, Any]] = []  # input, had its own, what it held

    def _stub(self, *args: Any, **kwargs: Any) -> None:
        self.called = True

    def hold(self) -> bool:
        """Put the stub in place on every input; ``False`` (nothing left held) if one
        cannot take it."""
        name = self.name
        try:
            for kid in self.kids:
                own = getattr(kid, "__dict__", None)
                if isinstance(own, dict):
                    had = name in own
                    old = own.get(name)
                else:
                    old = getattr(kid, name, _ABSENT)
                    had = old is not _ABSENT
                setattr(kid, name, self._stub)
                self.placed.append((kid, had, old))
        except Exception:
            self.release()
            return False
        return True

    def release(self) -> None:
        """Give every input back the step it held."""
        name = self.name
        while self.placed:
            kid, had, old = self.placed.pop()
            try:
                if had:
                    setattr(kid, name, old)
                else:
                    delattr(kid, name)
            except Exception:
                pass
