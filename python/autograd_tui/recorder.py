"""``record()``: see each node being made and capture every ``backward()`` call.

While a recording is active, the engine's classes are patched (``patch``):
each new node's constructor arguments and source line go to a creation log,
and each outermost ``backward()`` call becomes a capture:

1. before it runs: the graph behind its root is walked and every node's grad
   read (``grad_before``), and the firing spy is installed (``spy``);
2. the engine's ``backward()`` runs (an exception it raises is noted in the
   capture, ``raised``, and passed on);
3. after it: the spy is removed, every ``_backward`` probed, and the capture
   written and handed to each active recorder.

A failure inside the bridge never breaks the user's program: it is reported
once on standard error and that call is not captured.
"""

from __future__ import annotations

import gc
import sys
import types
import weakref
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from .capture import Capture, location_text
from .codes import pass_code
from .creation import CreationLog, is_free_operation, read_maker
from .deferred import Deferred, unstarted_generator
from .dezero import function_classes
from .document import write_document
from .frames import SourceFinder, display_path, main_script
from .passes import Implicit, finish, prepare
from .patch import Patcher, existing_classes
from .jsonnum import number_text
from .shape import Shape, Shapes, class_name
from .store import DEFAULT_KEEP, CaptureStore


class Hub:
    """The bridge's state, shared by every recording, ``save()`` and ``check()``."""

    def __init__(self) -> None:
        self.shapes = Shapes()
        self.finder = SourceFinder()
        self.log = CreationLog()
        self.recorders: List["Recorder"] = []
        self.last: Optional["Recorder"] = None
        self.warned = False
        self._busy = False
        self._known_class: Optional[type] = None
        self.patcher = Patcher(self._created, self._backward, self._active)
        self.deferred = Deferred(self, finish, _exception_text)

    @property
    def busy(self) -> bool:
        """Whether the bridge itself is running (then nothing is recorded)."""
        return self._busy

    @busy.setter
    def busy(self, value: bool) -> None:
        """Set it, and with it whether the patched classes record."""
        self._busy = value
        self.patcher.enabled = bool(self.recorders) and not value

    def reset(self) -> None:
        """Forget every class, creation and recording seen (not while recording)."""
        if self.recorders:
            raise RuntimeError("cannot reset while recording")
        self.shapes = Shapes()
        self.finder = SourceFinder()
        self.log = CreationLog()
        self.last = None
        self.warned = False
        self._known_class = None
        self.deferred = Deferred(self, finish, _exception_text)

    def _active(self) -> bool:
        return bool(self.recorders) and not self.busy

    def warn(self, what: str, error: BaseException) -> None:
        """Say once on standard error that the bridge failed at ``what``."""
        if self.warned:
            return
        self.warned = True
        sys.stderr.write(f"autograd-tui: could not {what}: {type(error).__name__}: "
                         f"{error} (the program goes on)\n")

    @contextmanager
    def working(self, what: str) -> Iterator[None]:
        """The bridge's own work on a capture: the hub busy (its spies stand aside), the
        cyclic collector paused, and an error said as ``what`` (``warn``), not raised into
        the script."""
        collecting = gc.isenabled()
        self.busy = True
        gc.disable()
        try:
            yield
        except Exception as error:
            self.warn(what, error)
        finally:
            self.busy = False
            if collecting:
                gc.enable()

    def start(self, recorder: "Recorder", frame: Optional[types.FrameType]) -> None:
        """Begin ``recorder``; patch the engine classes if it is the first active one."""
        if not self.recorders:
            self.busy = True
            try:
                classes = existing_classes(frame)
                for cls in classes:
                    self.finder.add_class(cls)
                self.patcher.patch_all(classes)
                self.patcher.hook_class_statements()
                self.patcher.on_restore.append(self.implicit.unwatch)
                self.shapes.on_new = self._new_shape
                for shape in list(self.shapes.known().values()):
                    if shape is not None:
                        self.implicit.watch(shape)
            finally:
                self.busy = False
        self.recorders.append(recorder)
        self.last = recorder
        self.busy = self._busy  # enables the patches

    def stop(self, recorder: "Recorder") -> None:
        """End ``recorder``; unpatch when no recording is left."""
        self.implicit.end()
        if recorder in self.recorders:
            self.recorders.remove(recorder)
        if not self.recorders:
            self.deferred.stop()
            self.patcher.restore()
        self.busy = self._busy  # disables the patches when no recording is left

    def current(self) -> Optional["Recorder"]:
        """The innermost active recorder, or the one that ran last."""
        return self.recorders[-1] if self.recorders else self.last

    def _created(self, node: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> None:
        try:
            shape = self.shapes.of(node, settle=False)
            if shape is None:
                return
            if shape.cls is not self._known_class:
                self.finder.add_class(shape.cls)
                self._known_class = shape.cls
            caller = sys._getframe(2)  # 1 is the constructor's wrapper
            finder = self.finder
            maker = None
            if not finder.is_engine_code(caller.f_code) and is_free_operation(
                    caller, node, shape.children, finder.is_engine_code):
                finder.add_operation(caller.f_code)
            if finder.is_engine_code(caller.f_code):  # walk out of the engine's methods once
                outer = caller
                current = caller.f_back
                while current is not None and finder.is_engine_code(current.f_code):
                    outer = current
                    current = current.f_back
                file, line = finder.location(current)
                leaf = not getattr(node, shape.children, None)
                maker = read_maker(caller, finder, self.shapes, leaf, outer)
            else:
                file, line = finder.location(caller)
            self.log.add(node, shape, args, kwargs, file, line, maker)
        except Exception as error:
            self.warn("record a node's creation", error)

    def _wanted(self) -> bool:
        """Whether some recorder's schedule records the next call whole (``store``)."""
        return any(recorder.store.wants() for recorder in self.recorders)

    def _schedule_creation(self) -> None:
        """Record node creation during the next forward pass only if its call is wanted
        (an implicit pass, whose start nobody sees coming, always has it)."""
        self.patcher.set_creating(bool(self.implicit.watches) or self._wanted()
                                  or not self.recorders)

    def _backward(self, original: Callable[..., Any], root: Any, args: Tuple[Any, ...],
                  kwargs: Dict[str, Any]) -> Any:
        if self.implicit.open is not None:
            self.implicit.end()
        self.patcher.patch_init(type(root))
        if not self._wanted():
            return self._skip(original, root, args, kwargs)
        prepared = None
        with self.working("prepare to capture backward()"):
            prepared = prepare(self, root, sys._getframe(1))
            if prepared is not None:
                prepared.pass_code = pass_code(original)
        raised: Optional[BaseException] = None
        result = None
        try:
            result = original(root, *args, **kwargs)
        except BaseException as error:
            raised = error
        finally:
            if prepared is not None and not (raised is None and unstarted_generator(result)):
                prepared.spy.remove()
        if prepared is not None and raised is None and unstarted_generator(result):
            name = getattr(original, "__name__", "backward")
            return self.deferred.defer(prepared, result, name)
        if prepared is not None:
            with self.working("capture backward()"):
                finish(self, prepared, None if raised is None else _exception_text(raised),
                       raised)
            del prepared
        self._schedule_creation()
        if raised is not None:
            try:
                raise raised
            finally:
                raised = None
        return result

    def _skip(self, original: Callable[..., Any], root: Any, args: Tuple[Any, ...],
              kwargs: Dict[str, Any]) -> Any:
        """A call off the schedule: run it, keeping only its call site and root data."""
        capture = None
        self.busy = True
        try:
            shape = self.shapes.of(root)
            if shape is not None:
                user = self.finder.user_frame(sys._getframe(2))
                call = location_text(user.f_code.co_filename, user.f_lineno, None) \
                    if user is not None else None
                capture = Capture("", "", call, class_name(shape.cls), 0)
        except Exception as error:
            self.warn("note a backward() call", error)
        finally:
            self.busy = False
        try:
            return original(root, *args, **kwargs)
        finally:
            if capture is not None:
                try:
                    capture.root_data = number_text(getattr(root, shape.data, None))
                    for recorder in list(self.recorders):
                        recorder._skip(capture, root)
                except Exception as error:
                    self.warn("note a backward() call", error)
            self._schedule_creation()

    @property
    def implicit(self) -> Implicit:
        """The implicit passes: steps fired by no pass method the bridge wrapped (``passes``)."""
        found = self.__dict__.get("_implicit")
        if found is None:
            found = self.__dict__["_implicit"] = Implicit(self)
        return found

    def _new_shape(self, shape: Shape) -> None:
        """A class was just recognised: watch its steps if it has no known pass method."""
        if not self.recorders:
            return
        self.implicit.watch(shape)
        if shape.creator is not None:
            for cls in function_classes(shape.cls):
                self.finder.add_class(cls)


def _exception_text(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


HUB = Hub()


class Recorder:
    """A recording: a context manager that captures every ``backward()`` call in it.

    ``keep`` bounds how many captures keep their whole graph (the first, the
    newest recorded and evenly spaced ones between, among the calls the
    schedule of ``store`` records); every capture keeps its call site and its
    root's data.
    """

    def __init__(self, keep: int = DEFAULT_KEEP) -> None:
        self.store = CaptureStore(keep)
        self._last_root: Any = None
        self._last_strong = False

    def __enter__(self) -> "Recorder":
        HUB.start(self, sys._getframe(1))
        return self

    def __exit__(self, *exc_info: Any) -> None:
        HUB.stop(self)

    @property
    def count(self) -> int:
        """How many ``backward()`` calls were captured."""
        return self.store.count

    def kept(self) -> List[int]:
        """Indices of the captures whose whole graph is written."""
        return self.store.kept()

    def save(self, path: str, script: Optional[str] = None) -> int:
        """Write every capture to ``path``; returns how many there were.

        ``script`` names the script in the document (default: the ``__main__``
        module's file, if any).
        """
        script = script if script is not None else display_path(main_script())
        write_document(path, self.store.engine, script, self.store.parts(),
                       keep=self.store.keep, calls=self.store.count)
        return self.store.count

    def last_body(self, root: Any) -> Optional[str]:
        """The last capture's JSON members if that capture's root is ``root``."""
        if self.store.count == 0:
            return None
        held = self._last_root
        node = held if self._last_strong else (held() if held is not None else None)
        if node is not root:
            return None
        return self.store.body(self.store.count - 1)

    def _add(self, capture: Capture, root: Any) -> None:
        if self.store.wants():
            self.store.add(capture)
        else:  # another recorder wanted it
            self.store.skip(capture)
        self._hold_root(root)

    def _skip(self, capture: Capture, root: Any) -> None:
        self.store.skip(capture)
        self._hold_root(root)

    def _hold_root(self, root: Any) -> None:
        try:
            self._last_root = weakref.ref(root)
            self._last_strong = False
        except TypeError:
            self._last_root = root
            self._last_strong = True

    def close(self) -> None:
        """Free the temporary files of kept graphs."""
        self.store.close()


def record(keep: int = DEFAULT_KEEP) -> Recorder:
    """Record node creation and every ``backward()`` call inside a ``with`` block.

    >>> with autograd_tui.record() as recording:    # doctest: +SKIP
    ...     loss = model(x); loss.backward()
    >>> recording.save("train.capture.json")        # doctest: +SKIP

    ``save(root, path)`` inside or after the block uses what was recorded.
    """
    return Recorder(keep)
