"""Watching the engine's own ``backward()`` fire each node's ``_backward``.

While one ``backward()`` call runs, each class in the graph gets a data
descriptor under the name of its ``_backward`` attribute. Reading the
attribute gives what the engine stored (an instance attribute, a slot, a
method) wrapped so that calling it first notes the node's ``id()``. For an
engine that stores ``_local_grads`` and has no ``_backward``, the first read
of a node's ``_local_grads`` counts as its firing; for one that has both, the first reads
of ``_local_grads`` go to a log of their own (``reads``), so that which of the two the pass
used is seen (``passes.finish`` probes that one). The descriptors are
removed when the call returns, before the probe runs; nothing is set on the
nodes themselves, so ``__slots__`` classes and unhashable nodes work alike.

For an engine whose pass ``record()`` cannot wrap (a free function that
fires the nodes, or a method it does not know yet), a ``Watch`` stays on the
class for the whole recording: each firing outside a recognised pass is told
to a listener (``recorder``'s implicit pass), before and after the step runs.
While a recognised pass runs, the watch logs into that pass's spy instead.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Set, Tuple

from .shape import Shape

_ABSENT = object()


def lookup_static(cls: type, name: str) -> Any:
    """``name`` as found in the dicts of ``cls``'s MRO, without running descriptors."""
    for klass in cls.__mro__:
        namespace = vars(klass)
        if name in namespace:
            return namespace[name]
    return _ABSENT


class _Spy:
    """The temporary descriptor (see the module docstring)."""

    def __init__(self, name: str, original: Any, log: List[int], calls: bool,
                 nesting: Optional[List[int]] = None) -> None:
        self.name = name
        self.original = original
        self.log = log
        self.calls = calls
        # [steps running now, steps that fired inside another step], shared by one pass's spies
        self.nesting = [0, 0] if nesting is None else nesting
        self.seen: Set[int] = set()
        kind = type(original)
        self.data_descriptor = original is not _ABSENT and (
            hasattr(kind, "__set__") or hasattr(kind, "__delete__"))
        self.getter: Optional[Callable[..., Any]] = getattr(kind, "__get__", None) \
            if original is not _ABSENT else None

    def _value(self, obj: Any, owner: Optional[type]) -> Any:
        if not self.data_descriptor:
            try:
                return obj.__dict__[self.name]
            except (AttributeError, KeyError):
                pass
        original = self.original
        if original is _ABSENT:
            raise AttributeError(self.name)
        if self.getter is not None:
            return self.getter(original, obj, owner)
        return original

    def _on_class(self) -> Any:
        """What reading the attribute on the class itself gives: what the class held."""
        if self.original is _ABSENT:
            raise AttributeError(self.name)
        return self.original

    def __get__(self, obj: Any, owner: Optional[type] = None) -> Any:
        if obj is None:
            return self._on_class()
        value = self._value(obj, owner)
        key = id(obj)
        log = self.log
        if not self.calls:
            if key not in self.seen:
                self.seen.add(key)
                log.append(key)
            return value
        if not callable(value):
            return value

        nesting = self.nesting

        def fire(*args: Any, **kwargs: Any) -> Any:
            """Note the node, then run its ``_backward`` (noting whether another runs)."""
            log.append(key)
            return _nested(nesting, value, args, kwargs)

        return fire

    def __set__(self, obj: Any, value: Any) -> None:
        original = self.original
        setter = getattr(type(original), "__set__", None) if self.data_descriptor else None
        if setter is not None:
            setter(original, obj, value)
        else:
            obj.__dict__[self.name] = value

    def __delete__(self, obj: Any) -> None:
        original = self.original
        deleter = getattr(type(original), "__delete__", None) if self.data_descriptor else None
        if deleter is not None:
            deleter(original, obj)
        else:
            try:
                del obj.__dict__[self.name]
            except KeyError:
                raise AttributeError(self.name) from None


class Listener:
    """What a ``Watch`` tells: a node's step is about to run, and has run."""

    def stray(self, node: Any) -> None:
        """The step of ``node`` is about to run outside a recognised pass."""

    def done(self, node: Any) -> None:
        """The step of ``node`` has returned (or raised)."""


def _nested(nesting: List[int], step: Any, args: Any, kwargs: Any) -> Any:
    """Run ``step``, counting in ``nesting`` how deep steps run inside each other
    (``nesting[0]``) and how many ran inside another (``nesting[1]``: a push engine's)."""
    if nesting[0]:
        nesting[1] += 1
    nesting[0] += 1
    try:
        return step(*args, **kwargs)
    finally:
        nesting[0] -= 1


class Watch(_Spy):
    """A spy that stays on a class for a whole recording (see the module docstring)."""

    def __init__(self, name: str, original: Any, listener: Listener) -> None:
        super().__init__(name, original, [], True)
        self.listener = listener
        self.pass_log: Optional[List[int]] = None  # a recognised pass's log, while it runs
        self.own: Any = _ABSENT  # what the class itself held under the name

    def __get__(self, obj: Any, owner: Optional[type] = None) -> Any:
        if obj is None:
            return self._on_class()
        value = self._value(obj, owner)
        if not callable(value):
            return value
        watch = self

        def fire(*args: Any, **kwargs: Any) -> Any:
            """Tell the pass's log or the listener, then run the node's step."""
            log = watch.pass_log
            if log is not None:
                log.append(id(obj))
                return _nested(watch.nesting, value, args, kwargs)
            listener = watch.listener
            listener.stray(obj)
            try:
                return value(*args, **kwargs)
            finally:
                listener.done(obj)

        fire.__wrapped__ = value  # type: ignore[attr-defined]
        return fire

    @classmethod
    def install(cls, klass: type, name: str, listener: Listener) -> Optional["Watch"]:
        """Put a watch on ``klass`` under ``name``; ``None`` if it cannot be set."""
        own = vars(klass).get(name, _ABSENT)
        if isinstance(own, _Spy):
            return own if isinstance(own, Watch) else None
        watch = cls(name, lookup_static(klass, name), listener)
        try:
            setattr(klass, name, watch)
        except (TypeError, AttributeError):
            return None
        watch.own = own
        return watch

    def remove(self, klass: type) -> None:
        """Put back what ``klass`` held before."""
        own = self.own
        try:
            if vars(klass).get(self.name) is not self:
                return
            if own is _ABSENT:
                delattr(klass, self.name)
            else:
                setattr(klass, self.name, own)
        except (TypeError, AttributeError):
            pass


class FiringSpy:
    """Notes which nodes' ``_backward`` ran, in order, while installed, and whether a step
    ran inside another (``nested``: a recursive "push" engine, whose step calls its inputs'
    ``backward(g)``; each firing then passes one path's share, not the node's whole grad, so
    how often and when a node fired says nothing about its grad)."""

    def __init__(self, log: Optional[List[int]] = None) -> None:
        self.log: List[int] = [] if log is None else log
        # first reads of ``_local_grads`` of a class that also has a ``_backward`` (``reads``)
        self.reads: List[int] = []
        self.nesting = [0, 0]
        self.watched = False  # whether install found anything to watch
        self._installed: List[Tuple[type, str, Any, _Spy]] = []
        self._redirected: List[Watch] = []

    def install(self, shapes: Dict[type, Shape]) -> bool:
        """Install on every class in ``shapes``; ``False`` if nothing could be watched."""
        pairs = []
        reads = []
        for cls, shape in shapes.items():
            if shape.backward:
                pairs.append((cls, shape.backward, True))
                if shape.local_grads:  # which of the two the pass uses is seen, not assumed
                    reads.append((cls, shape.local_grads, False))
            elif shape.local_grads:
                pairs.append((cls, shape.local_grads, False))
        watched = self.install_on(pairs)
        if reads:
            self.install_on(reads, self.reads)
            self.watched = self.watched or watched
        return self.watched

    def install_on(self, pairs: List[Tuple[type, str, bool]],
                   log: Optional[List[int]] = None) -> bool:
        """Install on each class under each name: ``(cls, name, calls)``, ``calls`` false to
        note the first read of an attribute that is not called; ``False`` if nothing could
        be watched. ``log`` (default ``self.log``) is where the firings are noted."""
        log = self.log if log is None else log
        plan = []
        for cls, name, calls in pairs:
            own = vars(cls).get(name, _ABSENT)
            if isinstance(own, Watch):
                if log is self.log:
                    own.pass_log = self.log
                    own.nesting = self.nesting
                    self._redirected.append(own)
                continue
            plan.append((cls, name, calls, lookup_static(cls, name), own))
        for cls, name, calls, original, own in plan:
            spy = _Spy(name, original, log, calls, self.nesting)
            try:
                setattr(cls, name, spy)
            except (TypeError, AttributeError):
                continue
            self._installed.append((cls, name, own, spy))
        self.watched = bool(self._installed) or bool(self._redirected)
        return self.watched

    @property
    def nested(self) -> bool:
        """Whether a step fired while another was running."""
        return self.nesting[1] > 0

    def remove(self) -> None:
        """Put back what each class held before."""
        while self._redirected:
            self._redirected.pop().pass_log = None
        while self._installed:
            cls, name, own, spy = self._installed.pop()
            try:
                if vars(cls).get(name) is not spy:
                    continue
                if own is _ABSENT:
                    delattr(cls, name)
                else:
                    setattr(cls, name, own)
            except (TypeError, AttributeError):
                pass
