"""Capturing one backward pass: a recognised pass method, or an implicit pass.

``prepare`` and ``finish`` bracket a call of a pass method the bridge wrapped
(``backward()``, ``backprop()``, ...): the graph walked and the grads read
before, the firing spy installed; the capture built after. A DeZero-style
Variable's graph is walked through its creators (``dezero``).

An **implicit pass** is one no wrapped method runs: a free function
(``def backward(root): ...; for v in reversed(topo): v._backward()``) or a
method whose name the bridge does not know. The engine's class then carries a
``Watch`` (``spy``) for the whole recording, and the rule is:

- a step that fires while no recognised pass runs starts an implicit pass
  rooted at the node whose step fired first (or, when that step was called
  from a method of the node's class, at the node the method was called on;
  that method is then wrapped as the class's pass for the calls after, and
  the class no longer watched once this first pass ends);
- each later firing of a node of that graph belongs to it, until the root's
  step fires again (a new pass) or the step of a node outside the graph
  fires; a recognised pass, or the end of the recording, ends it too;
- the data are read when it starts and each node's grad after every step
  that may have changed it (its own and its inputs'), so updates made after
  the pass (``p.data -= lr * p.grad``, ``zero_grad()``) do not reach the
  capture, which is built when the pass ends;
- the root's grad is already seeded when the first step fires; its
  ``grad_before`` is written ``0.0``, every other node's is read then;
- ``call`` is the line that called the function running the steps (or the
  line running them, at the top level of a script).
"""

from __future__ import annotations

import copy
import gc
import sys
import types
from typing import Any, Dict, List, Optional, Tuple

from .capture import build_capture, location_text, variable_names
from .codes import raise_site
from .dezero import GradLog, step_classes, walk_variables
from .jsonnum import number_text, number_texts
from .spy import FiringSpy, Listener, Watch, lookup_static
from .walk import Graph, walk

_PACKAGE = __name__.rsplit(".", 1)[0]


class Prepared:
    """What ``prepare`` read before a pass, for ``finish``."""

    __slots__ = ("root", "graph", "before", "call", "user", "spy", "dezero", "pass_code")

    def __init__(self, root: Any, graph: Graph, before: List[str], call: Optional[str],
                 user: Optional[types.FrameType], spy: FiringSpy, dezero: bool) -> None:
        self.pass_code: Optional[str] = None
        self.root = root
        self.graph = graph
        self.before = before
        self.call = call
        self.user = user
        self.spy = spy
        self.dezero = dezero


def prepare(hub: Any, root: Any, frame: Optional[types.FrameType]) -> Optional[Prepared]:
    """Walk the graph behind ``root`` and install the spy (the hub is busy); ``None`` when
    ``root`` is not a node. ``frame`` is the pass method's caller."""
    shape = hub.shapes.of(root)
    if shape is None:
        return None
    hub.finder.add_class(shape.cls)
    user = hub.finder.user_frame(frame)
    call = location_text(user.f_code.co_filename, user.f_lineno, None) if user else None
    if shape.creator is not None:
        graph, outputs = walk_variables(root, shape, hub.shapes, hub.log)
        spy = FiringSpy(GradLog(graph, outputs))
        before = number_texts(stand.grad for stand in graph.nodes)
        spy.install_on(step_classes(graph))
        return Prepared(root, graph, before, call, user, spy, True)
    graph = walk(root, hub.shapes, hub.log)
    for cls in graph.classes():
        hub.finder.add_class(cls)
    before = number_texts(getattr(node, node_shape.grad, None)
                          for node, node_shape in zip(graph.nodes, graph.shapes))
    known = hub.shapes.known()
    spy = FiringSpy()
    spy.install({cls: known[cls] for cls in graph.classes()})
    return Prepared(root, graph, before, call, user, spy, False)


def _label_variables(hub: Any, prepared: Prepared) -> None:
    """Name the stand-ins of Variables that have no name after the user's variables."""
    wanted = {id(stand.var): stand for stand in prepared.graph.nodes if stand.label is None}
    if not wanted or prepared.user is None:
        return
    for key, name in variable_names(hub.shapes, prepared.user, set(wanted)).items():
        wanted[key].label = name


def _no_step_ran(prepared: Prepared) -> bool:
    """Whether the pass did nothing a step does: the spy watched the steps and none fired,
    and no grad but the root's changed (a step the spy could not see would have written
    one)."""
    if prepared.dezero or prepared.spy.log or not prepared.spy.watched:
        return False
    graph = prepared.graph
    for number, (node, shape) in enumerate(zip(graph.nodes, graph.shapes)):
        if number != graph.root and \
                number_text(getattr(node, shape.grad, None)) != prepared.before[number]:
            return False
    return True


def _stored_locals_used(prepared: Prepared) -> bool:
    """Whether the pass read the stored local derivatives (``_local_grads``) of a class that
    also has a step (``_backward``), and called no step: those locals are what it used."""
    spy = prepared.spy
    return not prepared.dezero and not spy.log and bool(spy.reads)


def _probe_stored_locals(graph: Graph) -> None:
    """Have the capture probe the stored locals, not the step, of every node that has both
    (the step the pass never called is left out of the judgement)."""
    swapped: Dict[int, Any] = {}
    for number, shape in enumerate(graph.shapes):
        if shape.backward and shape.local_grads:
            if id(shape) not in swapped:
                twin = copy.copy(shape)
                twin.backward = None
                swapped[id(shape)] = twin
            graph.shapes[number] = swapped[id(shape)]


def finish(hub: Any, prepared: Prepared, raised: Optional[str],
           error: Optional[BaseException] = None) -> None:
    """Build the capture of a pass (the hub is busy) and hand it to every recorder.

    ``error``, the exception the pass raised, says where it was raised (``raised_code``) and,
    when no step had run yet, ``raised_before_steps``."""
    graph = prepared.graph
    raised_code = None
    before_steps = False
    if error is not None:
        raised_code = raise_site(error, hub.finder.is_engine_code)
        before_steps = _no_step_ran(prepared)
    if prepared.dezero:
        _label_variables(hub, prepared)
        fired = prepared.spy.log.fired()  # type: ignore[attr-defined]
        label_frame = None
    else:
        # A push engine's steps run inside each other: its firings are no schedule to judge.
        fired = None if prepared.spy.nested else prepared.spy.log
        label_frame = prepared.user
        if _stored_locals_used(prepared):
            _probe_stored_locals(graph)
            fired = prepared.spy.reads
    capture = build_capture(graph, hub.shapes, hub.finder, before=prepared.before,
                            fired=fired, call=prepared.call, label_frame=label_frame,
                            raised=raised, pass_code=prepared.pass_code,
                            raised_code=raised_code, raised_before_steps=before_steps)
    for recorder in list(hub.recorders):
        recorder._add(capture, prepared.root)


class _Open:
    """An implicit pass under way."""

    __slots__ = ("root", "graph", "before", "datas", "grads", "fired", "call", "user",
                 "learned")

    def __init__(self, root: Any, graph: Graph, call: Optional[str],
                 user: Optional[types.FrameType]) -> None:
        self.root = root
        self.graph = graph
        self.datas = [getattr(node, shape.data, None)
                      for node, shape in zip(graph.nodes, graph.shapes)]
        self.grads = [getattr(node, shape.grad, None)
                      for node, shape in zip(graph.nodes, graph.shapes)]
        self.before = number_texts(self.grads)
        self.before[graph.root] = "0.0"
        self.fired: List[int] = []
        self.call = call
        self.user = user
        self.learned: Optional[type] = None  # its pass method was learned: unwatch at the end


def _stepping_frame() -> Optional[types.FrameType]:
    """The frame that called the step being watched (outside this package)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith(_PACKAGE):
        frame = frame.f_back  # type: ignore[assignment]
    return frame


def _pass_method(frame: Optional[types.FrameType], cls: type) -> Optional[Tuple[str, Any]]:
    """``(name, node)`` when ``frame`` or one of its 4 callers runs a method of ``cls`` on a
    node: the pass method the bridge did not know."""
    for _ in range(5):
        if frame is None:
            return None
        code = frame.f_code
        function = lookup_static(cls, code.co_name)
        if getattr(function, "__code__", None) is code and code.co_argcount:
            node = frame.f_locals.get(code.co_varnames[0])
            if isinstance(node, cls):
                return code.co_name, node
        frame = frame.f_back
    return None


class Implicit(Listener):
    """The implicit passes of one hub (see the module docstring)."""

    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.open: Optional[_Open] = None
        self.watches: List[Tuple[type, Watch]] = []

    def watch(self, shape: Any) -> None:
        """Watch ``shape``'s class if no method of it is known to run a pass."""
        if shape.passes or not shape.backward or shape.creator is not None:
            return
        if any(cls is shape.cls for cls, _ in self.watches):
            return
        watch = Watch.install(shape.cls, shape.backward, self)
        if watch is not None:
            self.watches.append((shape.cls, watch))

    def unwatch(self) -> None:
        """Remove every watch."""
        while self.watches:
            cls, watch = self.watches.pop()
            watch.remove(cls)

    def stray(self, node: Any) -> None:
        """A step fires outside a recognised pass: continue, or end and start, a pass."""
        hub = self.hub
        if hub.busy or not hub.recorders or hub.patcher.backward_depth:
            return
        current = self.open
        key = id(node)
        if current is not None:
            position = current.graph.index.get(key)
            if position is not None and not (position == current.graph.root and current.fired):
                current.fired.append(key)
                return
            self.end()
        self._begin(node, _stepping_frame())

    def done(self, node: Any) -> None:
        """A step has run: read the grads it may have changed."""
        current = self.open
        if current is None or self.hub.busy:
            return
        graph = current.graph
        position = graph.index.get(id(node))
        if position is None:
            return
        grads = current.grads
        for number in graph.children[position] + [position]:
            grads[number] = getattr(graph.nodes[number], graph.shapes[number].grad, None)

    def _begin(self, node: Any, frame: Optional[types.FrameType]) -> None:
        hub = self.hub
        collecting = gc.isenabled()
        hub.busy = True
        try:
            gc.disable()
            shape = hub.shapes.of(node)
            if shape is None:
                return
            root = node
            learned = _pass_method(frame, shape.cls)
            site = frame
            if learned is not None:
                name, root = learned
                if hub.patcher.patch_pass(shape.cls, name):
                    shape.passes = shape.passes + (name,)
            elif frame is not None and frame.f_code.co_name != "<module>":
                site = frame.f_back
            hub.finder.add_class(shape.cls)
            user = hub.finder.user_frame(site)
            call = location_text(user.f_code.co_filename, user.f_lineno, None) if user else None
            graph = walk(root, hub.shapes, hub.log)
            for cls in graph.classes():
                hub.finder.add_class(cls)
            self.open = _Open(root, graph, call, user)
            if learned is not None:
                self.open.learned = shape.cls
            if id(node) in graph.index:
                self.open.fired.append(id(node))
        except Exception as error:
            self.open = None
            hub.warn("watch a backward pass", error)
        finally:
            hub.busy = False
            if collecting:
                gc.enable()

    def end(self) -> None:
        """Capture the implicit pass under way, if any (see the module docstring)."""
        current, self.open = self.open, None
        if current is None:
            return
        if current.learned is not None:  # its pass is wrapped now: the forward runs unwatched
            for cls, watch in [pair for pair in self.watches if pair[0] is current.learned]:
                watch.remove(cls)
                self.watches.remove((cls, watch))
        hub = self.hub
        graph = current.graph
        nodes, shapes = graph.nodes, graph.shapes
        now: List[Tuple[Any, Any, Any]] = []
        with hub.working("capture a backward pass"):
            try:
                for node, shape, data, grad in zip(nodes, shapes, current.datas,
                                                   current.grads):
                    now.append((node, getattr(node, shape.data, None),
                                getattr(node, shape.grad, None)))
                    setattr(node, shape.data, data)
                    setattr(node, shape.grad, grad)
                capture = build_capture(graph, hub.shapes, hub.finder, before=current.before,
                                        fired=current.fired, call=current.call,
                                        label_frame=current.user)
                for recorder in list(hub.recorders):
                    recorder._add(capture, current.root)
            finally:
                # The values the pass ended with, back where the script left them.
                for (node, data, grad), shape in zip(now, shapes):
                    try:
                        setattr(node, shape.data, data)
                        setattr(node, shape.grad, grad)
                    except Exception:
                        pass
