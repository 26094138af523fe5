"""One capture: a walked graph written as the JSON of ``capture-json.md``.

A ``Capture`` holds the capture's JSON members as texts, without ``index``
and ``kept`` (the document adds those); a large graph's node lines wait in a
temporary file (``nodetext.NodeText``), so a recorded call never holds them.
``capture_root`` is the entry point for ``save()`` and ``check()``; it uses
``fastpath`` when it can and the general ``walk`` + ``probe`` otherwise.
"""

from __future__ import annotations

import gc
import types
from contextlib import contextmanager
from typing import (IO, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Set,
                    Tuple, Union)

from . import fastpath
from .codes import BackwardCodes
from .creation import Maker
from .frames import SourceFinder
from .jsonnum import number_text, string_text
from .labels import find_names, frame_scopes, loop_targets
from .nodetext import BLOCK_LINES, LINE, NULL, NodeText, Part, op_text
from .notebook import location_members
from .precision import precision_member
from .probe import ProbeEntry, probe_graph
from .shape import Shapes, class_name, common_class
from .walk import Graph, walk

@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (a capture makes many short-lived objects)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def own_label(node: Any, attribute: Optional[str]) -> Optional[str]:
    """The node's own label, or ``None`` when it has none or an empty one."""
    if attribute is None:
        return None
    value = getattr(node, attribute, None)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    try:
        return str(value)
    except Exception:
        return None


def location_text(file: Optional[str], line: Optional[int], cwd: Optional[str]) -> str:
    """``{"file": ..., "line": ...}`` for a call site (with ``"cell"`` in a notebook)."""
    return '{%s, "line": %s}' % (
        location_members(file, cwd) if file else '"file": null',
        str(line) if line is not None else NULL)


def probe_text(entries: Optional[List[ProbeEntry]]) -> str:
    """``, "probe": [...]`` for a node's probe entries, or ``""`` without a probe."""
    if entries is None:
        return ""
    return ', "probe": [' + ", ".join([entry.to_json() for entry in entries]) + "]"


class Capture:
    """A capture's JSON members (without ``index``, ``kept``) and facts about it.

    The members are held as ``parts``, texts to be written one after the other: a large
    graph's nodes wait in a temporary file (``nodetext.NodeText``), so that a recorded
    call never holds its nodes' text, and a store copies them from there (``store``).
    """

    __slots__ = ("parts", "root_data", "call", "engine", "size")

    def __init__(self, body: Union[str, List[Part]], root_data: str, call: Optional[str],
                 engine: str, size: int) -> None:
        self.parts: List[Part] = [body] if isinstance(body, str) else body
        self.root_data = root_data
        self.call = call
        self.engine = engine
        self.size = size

    @property
    def body(self) -> str:
        """The members as one text."""
        return "".join([part if isinstance(part, str) else part.text() for part in self.parts])

    def length(self) -> int:
        """How many characters the members have."""
        return sum([len(part) if isinstance(part, str) else part.chars for part in self.parts])

    def write_to(self, stream: IO[str]) -> None:
        """Write the members to ``stream``, a waiting file's text a piece at a time."""
        for part in self.parts:
            if isinstance(part, str):
                stream.write(part)
            else:
                part.copy_to(stream)

    def summary(self) -> str:
        """The members a dropped capture keeps: ``call`` and ``root_data``."""
        members = ['"root_data": ' + self.root_data]
        if self.call is not None:
            members.insert(0, '"call": ' + self.call)
        return ", ".join(members)


def assemble(lines: Union[List[str], NodeText], root: int, root_data: str, engine: str, *,
             call: Optional[str] = None, fired: Optional[List[int]] = None,
             raised: Optional[str] = None, codes: Optional[BackwardCodes] = None,
             pass_code: Optional[str] = None, raised_code: Optional[str] = None,
             raised_before_steps: bool = False,
             precision: Optional[str] = None) -> Capture:
    """A ``Capture`` from its nodes' JSON lines and the rest of its members.

    A list of ``lines`` is emptied: its text moves into the capture's parts (in memory).
    """
    if isinstance(lines, list):
        text = NodeText(spill=False)
        text.add(lines)
    else:
        text = lines
    members = ['"root_data": ' + root_data]
    if call is not None:
        members.append('"call": ' + call)
    members.append('"root": %d' % root)
    head = ", ".join(members) + ', "nodes": [\n'
    members = []
    if fired is not None:
        members.append('"fired": [' + ", ".join([str(n) for n in fired]) + "]")
    if raised is not None:
        members.append('"raised": ' + string_text(raised))
        if raised_code is not None:
            members.append('"raised_code": ' + raised_code)
        if raised_before_steps:
            members.append('"raised_before_steps": true')
    if codes is not None:
        members.extend('"%s": %s' % item for item in codes.members().items())
    if pass_code is not None:
        members.append('"pass_code": ' + pass_code)
    if precision is not None:
        members.append(precision)
    tail = "\n]" + "".join(", " + member for member in members)
    size = text.count
    parts: List[Part] = [head]
    parts.extend(text.parts())
    parts.append(tail)
    return Capture(parts, root_data, call, engine, size)


def variable_names(shapes: Shapes, frame: Optional[types.FrameType],
                   wanted: Optional[Set[int]] = None) -> Dict[int, str]:
    """Names from the variables of ``frame``, keyed by ``id(node)`` (see ``labels``)."""
    if frame is None:
        return {}
    known = shapes.known()

    def is_node(obj: Any) -> bool:
        """Whether ``obj`` is of a class known to be a node class."""
        kind = type(obj)
        if kind in known:
            return known[kind] is not None
        return False

    return find_names(frame_scopes(frame), is_node, wanted, loop_targets(frame))


def build_capture(graph: Graph, shapes: Shapes, finder: SourceFinder, *,
                  before: Optional[Sequence[str]] = None,
                  fired: Optional[Iterable[int]] = None,
                  call: Optional[str] = None,
                  label_frame: Optional[types.FrameType] = None,
                  raised: Optional[str] = None,
                  probe: bool = True,
                  cwd: Optional[str] = None,
                  fast: bool = True,
                  pass_code: Optional[str] = None,
                  raised_code: Optional[str] = None,
                  raised_before_steps: bool = False,
                  spill: bool = True) -> Capture:
    """Probe ``graph`` (unless ``probe`` is false) and write it as a capture.

    ``before`` holds each node's grad (JSON text) when ``backward()`` was
    called; ``fired`` the ``id()`` of each node whose ``_backward`` ran, in
    order; ``call`` the call site as JSON; ``label_frame`` the user's frame
    whose variables name the nodes; ``raised`` the exception ``backward()``
    raised (``raised_code``: where, as JSON; ``raised_before_steps``: before any step ran);
    ``pass_code`` where the pass method is, as JSON. With ``fast`` (the
    default) a graph of one class is written by ``fastpath``'s generated loop;
    the output is the same. With ``spill`` (the default) a large graph's lines wait in a
    temporary file (``NodeText``).
    """
    nodes = graph.nodes
    node_shapes = graph.shapes
    wheres = _locations(graph, cwd)
    text = NodeText(spill)
    with collector_paused():
        done = probe and fast and _fast_lines(graph, shapes, before, wheres, label_frame, text)
        if not done:
            text.reset()
            _general_lines(graph, shapes, before, wheres, label_frame, probe, text)
    root_data = number_text(getattr(nodes[graph.root], node_shapes[graph.root].data, None))
    engine = class_name(common_class(graph.classes()) or type(nodes[graph.root]))
    numbers = _fired_numbers(graph, fired) if fired is not None else None
    return assemble(text, graph.root, root_data, engine, call=call, fired=numbers,
                    raised=raised, codes=BackwardCodes.of_graph(graph, cwd),
                    pass_code=pass_code, raised_code=raised_code,
                    raised_before_steps=raised_before_steps,
                    precision=precision_member(nodes, node_shapes))


def _locations(graph: Graph, cwd: Optional[str]) -> Optional[List[str]]:
    """Per node ``, "file": .., "line": .., "made_by": ..`` from the creation log (or ``""``).

    Nodes made by the same statement through the same shared maker (no arguments, no
    operands: most of them) share one text, so that the list costs a pointer a node.
    """
    if not any(entry is not None for entry in graph.entries):
        return None
    paths: Dict[str, str] = {}
    made: Dict[int, str] = {}  # the text of each shared maker (no args, no operands)
    shared: Dict[Tuple[Optional[str], Optional[int], int], str] = {}
    index = graph.index
    wheres = []
    for entry in graph.entries:
        if entry is None:
            wheres.append("")
            continue
        maker = entry.maker
        alone = maker is not None and bool(maker.args or maker.operands)
        if not alone:
            key = (entry.file, entry.line, id(maker))
            where = shared.get(key)
            if where is not None:
                wheres.append(where)
                continue
        where = ""
        if entry.file is not None:
            path = paths.get(entry.file)
            if path is None:
                path = location_members(entry.file, cwd)
                paths[entry.file] = path
            where = ', %s, "line": %d' % (path, entry.line or 0)
        if maker is not None:
            if alone:
                where += maker_text(maker, index, cwd)
            else:
                text = made.get(id(maker))
                if text is None:
                    text = made[id(maker)] = maker_text(maker, index, cwd)
                where += text
        if not alone:
            shared[key] = where
        wheres.append(where)
    return wheres


def maker_text(maker: Maker, index: Dict[int, int], cwd: Optional[str] = None) -> str:
    """``, "made_by": {...}`` for a node's maker, operands as node numbers (``null`` if absent)."""
    members = ['"method": ' + string_text(maker.method)]
    if maker.file is not None:
        members.append(location_members(maker.file, cwd) + ', "line": %d' % maker.line)
    if maker.outer is not None:
        members.append('"outer": ' + string_text(maker.outer))
    members.append('"args": [' + ", ".join([number_text(arg) for arg in maker.args]) + "]")
    operands = [index.get(key) for key in maker.operands]
    members.append('"operands": ['
                   + ", ".join(["null" if n is None else str(n) for n in operands]) + "]")
    return ', "made_by": {' + ", ".join(members) + "}"


def _fast_lines(graph: Graph, shapes: Shapes, before: Optional[Sequence[str]],
                wheres: Optional[List[str]], label_frame: Optional[types.FrameType],
                text: NodeText) -> bool:
    """The nodes' lines from ``fastpath``, into ``text``, when the graph has one class;
    false when it has not or the fast path gave up (``text`` may then hold some lines)."""
    if len(graph.classes()) != 1:
        return False
    names = variable_names(shapes, label_frame, set(graph.index))
    befores = before_members(before) if before is not None else None
    plan = (graph.nodes, graph.children, graph.ordered, befores, wheres, graph.index,
            text.add)
    try:
        lines, _, _ = fastpath.capture_lines(graph.nodes[graph.root], graph.shapes[0], names,
                                             plan)
    except fastpath.Fallback:
        return False
    text.add(lines)
    fastpath.used_plan += 1
    return True


def before_members(before: Sequence[str]) -> List[str]:
    """``, "grad_before": TEXT`` for each text; a text that is the one before it (``jsonnum``'s
    ``number_texts`` shares them) shares its member too."""
    members: List[str] = []
    put = members.append
    last: Optional[str] = None
    member = ""
    for text in before:
        if text is not last:
            member = ', "grad_before": ' + text
            last = text
        put(member)
    return members


def _general_lines(graph: Graph, shapes: Shapes, before: Optional[Sequence[str]],
                   wheres: Optional[List[str]], label_frame: Optional[types.FrameType],
                   probe: bool, text: NodeText) -> None:
    """The nodes' lines, into ``text``, for any graph: several passes, attribute names in
    variables."""
    nodes = graph.nodes
    node_shapes = graph.shapes
    datas = [number_text(getattr(node, shape.data, None))
             for node, shape in zip(nodes, node_shapes)]
    grads = [number_text(getattr(node, shape.grad, None))
             for node, shape in zip(nodes, node_shapes)]
    probes: List[Optional[List[ProbeEntry]]]
    probes = probe_graph(graph, shapes) if probe else [None] * len(nodes)
    labels: List[Optional[str]] = [own_label(node, shape.label)
                                   for node, shape in zip(nodes, node_shapes)]
    if None in labels and label_frame is not None:
        wanted = {id(node) for node, label in zip(nodes, labels) if label is None}
        names = variable_names(shapes, label_frame, wanted)
        for number, node in enumerate(nodes):
            if labels[number] is None:
                labels[number] = names.get(id(node))
    lines: List[str] = []
    for number, node in enumerate(nodes):
        shape = node_shapes[number]
        label = labels[number]
        lines.append(LINE % (
            number,
            op_text(getattr(node, shape.op, None)) if shape.op else NULL,
            string_text(label) if label is not None else NULL,
            datas[number], grads[number],
            ', "grad_before": ' + before[number] if before is not None else "",
            "[" + ", ".join([str(kid) for kid in graph.children[number]]) + "]",
            "true" if graph.ordered[number] else "false",
            wheres[number] if wheres is not None else "", probe_text(probes[number])))
        if len(lines) == BLOCK_LINES:
            text.add(lines)
    text.add(lines)


def _fired_numbers(graph: Graph, fired: Iterable[int]) -> Optional[List[int]]:
    """Node numbers of the fired ids, leaves and nodes outside the graph left out.

    ``None`` (not observed) when nothing fired although the graph has
    operations: the engine did not reach ``_backward`` through its nodes.
    """
    index = graph.index
    children = graph.children
    numbers = []
    for key in fired:
        number = index.get(key)
        if number is not None and children[number]:
            numbers.append(number)
    if not numbers and any(children):
        return None
    return numbers


def capture_root(root: Any, shapes: Shapes, finder: SourceFinder, log: Any,
                 frame: Optional[types.FrameType], fast: bool = True) -> Capture:
    """Capture the graph behind ``root`` now (for ``save()`` and ``check()``).

    ``frame`` is where the user's code called; its variables name the nodes.
    The fast path is tried when ``fast`` is true and nothing was recorded in
    ``log``.
    """
    shape = shapes.of(root)
    user = finder.user_frame(frame) if frame is not None else None
    if fast and shape is not None and len(log) == 0:
        with collector_paused():
            names = variable_names(shapes, user) if user is not None else {}
            try:
                lines, index, nodes = fastpath.capture_lines(root, shape, names)
            except fastpath.Fallback:
                pass
            else:
                fastpath.used += 1
                position = index[id(root)]
                root_data = number_text(getattr(root, shape.data, None))
                # the fast path took only nodes of one class as inputs: a node has inputs
                # exactly when its container is not empty
                name = shape.children
                inputs = [getattr(node, name, None) for node in nodes]
                codes = BackwardCodes(nodes, [shape] * len(nodes), inputs)
                return assemble(lines, position, root_data, class_name(shape.cls), codes=codes)
    graph = walk(root, shapes, log if len(log) else None)
    for cls in graph.classes():
        finder.add_class(cls)
    return build_capture(graph, shapes, finder, label_frame=user, fast=fast, spill=False)
