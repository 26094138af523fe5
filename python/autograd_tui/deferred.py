"""A pass method that is a generator: the pass runs while the caller iterates, not in the call.

``def backward(self): ... for v in reversed(topo): v._backward(); yield v`` runs nothing when
called: it returns a generator, and the steps run as the script iterates it (``for _ in
root.backward(): pass``, ``list(root.backward())``). Reading the grads when the call returns
would judge a pass that has not run (every grad still 0, the seed missing).

``defer`` hands the script a generator of its own instead, which yields what the engine's
yields and receives what it is sent; the spy stays installed meanwhile. The capture is built
when the engine's generator is exhausted (or raises: a pass that raised, as for any pass). A
generator closed (or garbage-collected, or still unfinished when the recording stops) before
it was exhausted is no pass to judge: no capture is made, and a note says that the generator
was never run or stopped early (``notes``, read by ``diagnosis``).
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Dict, Generator, List, Optional

from .frames import display_path

Note = Dict[str, Any]


def unstarted_generator(value: Any) -> bool:
    """Whether ``value`` is a generator whose body has not begun to run."""
    return inspect.isgenerator(value) and \
        inspect.getgeneratorstate(value) == inspect.GEN_CREATED


class _Pending:
    """A deferred pass: the prepared capture, and whether it has ended."""

    __slots__ = ("prepared", "name", "file", "line", "steps", "ended")

    def __init__(self, prepared: Any, name: str) -> None:
        self.prepared = prepared
        self.name = name
        user = prepared.user
        self.file = display_path(user.f_code.co_filename) if user is not None else None
        self.line = user.f_lineno if user is not None else None
        self.steps = 0
        self.ended = False


class Deferred:
    """The deferred passes of a hub: started by ``defer``, ended by their generators or
    ``stop``; ``notes`` holds what was said about those that never finished."""

    def __init__(self, hub: Any, finish: Callable[..., None],
                 exception_text: Callable[[BaseException], str]) -> None:
        self._hub = hub
        self._finish = finish
        self._exception_text = exception_text
        self._pending: List[_Pending] = []
        self.notes: List[Note] = []

    def defer(self, prepared: Any, inner: Generator[Any, Any, Any],
              name: str) -> Generator[Any, Any, Any]:
        """The generator handed to the script in place of ``inner`` (see the module)."""
        pending = _Pending(prepared, name)
        self._pending.append(pending)
        outer = self._run(pending, inner)
        next(outer)  # primed: closing it before its first step now runs its cleanup
        return outer

    def _run(self, pending: _Pending,
             inner: Generator[Any, Any, Any]) -> Generator[Any, Any, Any]:
        patcher = self._hub.patcher
        try:
            yield None
        except GeneratorExit:
            self._unfinished(pending)
            raise
        sent: Any = None
        thrown: Optional[BaseException] = None
        while True:
            patcher.backward_depth += 1  # a pass runs: nested pass calls are part of it
            try:
                item = inner.send(sent) if thrown is None else inner.throw(thrown)
            except StopIteration as stop:
                self._end(pending, None)
                return stop.value
            except BaseException as error:
                self._end(pending, error)
                raise
            finally:
                patcher.backward_depth -= 1
                thrown = None
            pending.steps += 1
            try:
                sent = yield item
            except GeneratorExit:
                try:
                    inner.close()
                finally:
                    self._unfinished(pending)
                raise
            except BaseException as error:  # thrown in by the script: passed on
                thrown = error
                sent = None

    def _end(self, pending: _Pending, error: Optional[BaseException]) -> None:
        """The engine's generator ended: build the capture."""
        if pending.ended:
            return
        pending.ended = True
        if pending in self._pending:
            self._pending.remove(pending)
        prepared = pending.prepared
        hub = self._hub
        prepared.spy.remove()
        try:
            with hub.working("capture backward()"):
                raised = None if error is None else self._exception_text(error)
                self._finish(hub, prepared, raised, error)
        finally:
            pending.prepared = None

    def _unfinished(self, pending: _Pending) -> None:
        """The script let go of the generator before it was exhausted: no capture, a note."""
        if pending.ended:
            return
        pending.ended = True
        if pending in self._pending:
            self._pending.remove(pending)
        try:
            pending.prepared.spy.remove()
        except Exception as failure:
            self._hub.warn("remove the firing spy", failure)
        pending.prepared = None
        call = f"{pending.name}()"
        if pending.steps == 0:
            message = (f"{call} returned a generator that was never run, so no pass ran and "
                       f"no grad was computed: iterate it (for _ in root.{call}: pass, or "
                       f"list(root.{call})), or make {call} an ordinary method")
        else:
            yielded = "value" if pending.steps == 1 else "values"
            message = (f"the generator {call} returned was stopped after it yielded "
                       f"{pending.steps} {yielded}, before the pass finished: that call "
                       "was not judged")
        self.notes.append({"message": message, "file": pending.file, "line": pending.line})

    def stop(self) -> None:
        """The recording stops: every pass still unfinished is noted as such."""
        for pending in list(self._pending):
            self._unfinished(pending)
