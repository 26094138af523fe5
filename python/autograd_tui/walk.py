"""The graph behind a root, walked without recursion (a chain may be a million deep).

Nodes are numbered children first. Where ``record()`` saw the nodes being
made, they are numbered in order of creation (nodes made before recording
started come first); otherwise in the walk's post-order, which is an order
they could have been made in.

The graph of a DeZero-style Variable is made of stand-ins (see ``dezero``).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Set

from .creation import CreationLog, Entry, children_in_order
from .shape import _UNORDERED, Shape, Shapes


class NotANode(TypeError):
    """Raised when ``save()`` or ``check()`` is given something that is not a node."""


class Graph:
    """Every node reachable from a root, numbered; inputs as lists of numbers."""

    __slots__ = ("nodes", "shapes", "children", "ordered", "entries", "index", "root")

    def __init__(self, nodes: List[Any], shapes: List[Shape], children: List[List[int]],
                 ordered: List[bool], entries: List[Optional[Entry]],
                 index: Dict[int, int], root: int) -> None:
        self.nodes = nodes
        self.shapes = shapes
        self.children = children
        self.ordered = ordered
        self.entries = entries
        self.index = index
        self.root = root

    def __len__(self) -> int:
        return len(self.nodes)

    def classes(self) -> List[type]:
        """The distinct classes of the nodes, in order of first appearance."""
        seen: Dict[type, None] = {}
        for shape in self.shapes:
            seen.setdefault(shape.cls, None)
        return list(seen)


def walk(root: Any, shapes: Shapes, log: Optional[CreationLog] = None) -> Graph:
    """Walk the graph behind ``root`` (see the module docstring)."""
    root_shape = shapes.of(root)
    if root_shape is None:
        raise NotANode(
            f"{type(root).__module__}.{type(root).__qualname__} is not a micrograd-style "
            "value: it needs a data attribute (data, value, v, output), a grad attribute "
            "(grad, gradient, derivative) and its inputs (_prev, _children, prev, children, "
            "_inputs, parents)")
    if root_shape.creator is not None:  # a DeZero-style Variable: walked through creators
        from .dezero import walk_variables
        return walk_variables(root, root_shape, shapes, log)[0]
    of = shapes.of
    lookup = log.lookup if log is not None else None
    main_class = root_shape.cls
    main_children = root_shape.children
    unordered = _UNORDERED
    index: Dict[int, int] = {}
    expanded: Set[int] = set()
    nodes: List[Any] = []
    node_shapes: List[Shape] = []
    members_of: List[List[Any]] = []
    children: List[List[int]] = []
    ordered_flags: List[bool] = []
    entries: List[Optional[Entry]] = []
    late: List[int] = []  # nodes whose inputs were not all numbered first (a cycle)
    stack: List[Any] = [root]
    pop = stack.pop
    push = stack.append
    mark = expanded.add
    while stack:
        item = pop()
        if type(item) is tuple:  # every input done: number the node
            node, shape, members, ordered, entry = item
            position = len(nodes)
            index[id(node)] = position
            nodes.append(node)
            node_shapes.append(shape)
            members_of.append(members)
            ordered_flags.append(ordered)
            entries.append(entry)
            if lookup is None:  # else numbered once the order is settled, below
                try:
                    children.append([index[id(member)] for member in members])
                except KeyError:
                    children.append([])
                    late.append(position)
            continue
        key = id(item)
        if key in index or key in expanded:
            continue
        mark(key)
        if type(item) is main_class:
            shape = root_shape
            container = getattr(item, main_children, None)
        else:
            found = of(item)
            if found is None:  # not a node (the inputs were filtered: only a broken root)
                continue
            shape = found
            container = getattr(item, shape.children, None)
        entry = None
        if not container:
            members = []
            ordered = True
        else:
            ordered = not isinstance(container, unordered)
            try:
                members = list(container)
            except Exception:
                members = []
            for member in members:
                if type(member) is not main_class:
                    members = [m for m in members if type(m) is main_class or of(m) is not None]
                    break
            if not members:
                ordered = True
        if lookup is not None:
            entry = lookup(item, shape, members)
            if entry is not None and not ordered:
                members, ordered = children_in_order(entry, members, ordered)
        push((item, shape, members, ordered, entry))
        for member in reversed(members):
            if id(member) not in index:
                push(member)
    for position in late:
        children[position] = [index[id(member)] for member in members_of[position]]

    if lookup is not None:
        permutation = _creation_order(entries, members_of, index)
        if permutation is not None:
            nodes = [nodes[i] for i in permutation]
            node_shapes = [node_shapes[i] for i in permutation]
            members_of = [members_of[i] for i in permutation]
            ordered_flags = [ordered_flags[i] for i in permutation]
            entries = [entries[i] for i in permutation]
            for position, node in enumerate(nodes):  # the same keys: renumbered in place
                index[id(node)] = position
        children = [[index[id(member)] for member in members] for members in members_of]
    return Graph(nodes, node_shapes, children, ordered_flags, entries, index, index[id(root)])


def _creation_order(entries: List[Optional[Entry]], members_of: List[List[Any]],
                    index: Dict[int, int]) -> Optional[List[int]]:
    """The post-order positions sorted by creation, or ``None`` to keep post-order.

    Nodes with no creation entry (made before recording) keep their place
    before the others. The sorted order is used only if it keeps every node
    after its inputs.
    """
    seqs = [entry.seq if entry is not None else 0 for entry in entries]
    permutation = sorted(range(len(entries)), key=seqs.__getitem__)
    if permutation == list(range(len(entries))):
        return None
    place = [0] * len(permutation)
    for new, old in enumerate(permutation):
        place[old] = new
    for old, members in enumerate(members_of):
        here = place[old]
        for member in members:
            if place[index[id(member)]] >= here:
                return None
    return permutation
