"""The capture's ``precision``: the narrowest float type among the data and grads."""

from __future__ import annotations

from typing import Any

from autograd_tui.precision import precision_member


class _DType:
    """A numpy-like dtype: a kind letter, a name and a size in bytes."""

    def __init__(self, kind: str, name: str, itemsize: int) -> None:
        self.kind = kind
        self.name = name
        self.itemsize = itemsize


class _Scalar:
    """A numpy-like scalar holding its dtype."""

    def __init__(self, dtype: _DType) -> None:
        self.dtype = dtype


class _Shape:
    """What ``precision_member`` reads of a shape: the data and grad attributes."""

    data = "data"
    grad = "grad"


class _Node:
    """A node with ``data`` and ``grad``."""

    def __init__(self, data: Any, grad: Any) -> None:
        self.data = data
        self.grad = grad


def test_doubles_have_no_precision_member() -> None:
    nodes = [_Node(1.5, 0.0), _Node(2, 1)]
    assert precision_member(nodes, [_Shape()] * 2) is None


def test_float32_data_is_24_bits() -> None:
    single = _Scalar(_DType("f", "float32", 4))
    nodes = [_Node(1.5, 0.0), _Node(single, 0.0)]
    member = precision_member(nodes, [_Shape()] * 2)
    assert member == '"precision": {"type": "float32", "bits": 24}'


def test_the_narrowest_wins_and_float64_is_none() -> None:
    double = _Scalar(_DType("f", "float64", 8))
    half = _Scalar(_DType("f", "float16", 2))
    assert precision_member([_Node(double, double)], [_Shape()]) is None
    member = precision_member([_Node(double, half)], [_Shape()])
    assert member == '"precision": {"type": "float16", "bits": 11}'
