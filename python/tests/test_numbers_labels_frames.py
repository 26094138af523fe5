"""Numbers as JSON, names from variables, and which frame is the user's."""

from __future__ import annotations

import fractions
import math
import numbers
import sys

import numpy as np
import pytest

from autograd_tui.frames import SourceFinder, display_path
from autograd_tui.jsonnum import number_text
from autograd_tui.labels import find_names
from engines import Good


@pytest.mark.parametrize("value, text", [
    (1.0, "1.0"), (0.1, "0.1"), (-0.0, "-0.0"), (1e-310, "1e-310"), (3, "3.0"),
    (True, "1.0"), (2 ** 2000, '"inf"'), (-2 ** 2000, '"-inf"'),
    (math.nan, '"nan"'), (math.inf, '"inf"'), (-math.inf, '"-inf"'),
    (fractions.Fraction(1, 4), "0.25"),
    (np.float64(0.1), "0.1"), (np.float32(0.5), "0.5"), (np.int64(-7), "-7.0"),
    (np.array(2.5), "2.5"), (np.float64("nan"), '"nan"'),
    (None, '{"repr": "None"}'), ("x", '{"repr": "\'x\'"}'), (1j, '{"repr": "1j"}'),
    (np.array([1.0, 2.0]), '{"repr": "array([1., 2.])"}'),
])
def test_number_text(value, text):
    assert number_text(value) == text


def test_a_value_in_a_grad_is_not_a_number_even_with_float():
    class Floaty(Good):
        def __float__(self):
            return self.data
    assert number_text(Floaty(2.0)) == '{"repr": "Good(data=2.0, grad=0.0)"}'
    assert not isinstance(Floaty(2.0), numbers.Real)


def test_long_reprs_are_cut():
    text = number_text(list(range(1000)))
    assert len(text) < 250 and text.endswith('\u2026"}')


def test_names_breadth_first_and_bounded():
    a, b, c, d = Good(1.0), Good(2.0), Good(3.0), Good(4.0)

    class Holder:
        def __init__(self):
            self.inner = {"w": b, 3: c}
            self._private = d

    scope = {"xs": [[a]], "h": Holder(), "_hidden": d, "a_again": a}
    names = find_names([scope], lambda obj: isinstance(obj, Good))
    assert names[id(a)] == "a_again"  # depth 0 beats xs[0][0]
    assert names[id(b)] == "h.inner['w']"
    assert names[id(c)] == "h.inner[3]"
    assert id(d) not in names  # only reachable through private names


def test_names_stop_when_every_wanted_node_is_named():
    a, b = Good(1.0), Good(2.0)
    names = find_names([{"a": a, "b": b}], lambda obj: isinstance(obj, Good), {id(a)})
    assert names == {id(a): "a"}


def test_names_inside_nodes_are_not_searched():
    a = Good(1.0)
    b = a * 2
    names = find_names([{"b": b}], lambda obj: isinstance(obj, Good))
    assert names == {id(b): "b"}


def helper_outside_the_class(x):
    return x.tanh()  # a helper is the user's code


def test_the_first_frame_outside_the_engine_methods():
    finder = SourceFinder()
    finder.add_class(Good)
    seen = []

    class Spy(Good):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            seen.append(finder.location(sys._getframe(1)))

    finder.add_class(Spy)
    a = Spy(1.0)
    here = sys._getframe().f_lineno - 1
    b = a * a
    helper_outside_the_class(b)
    assert seen[0] == (__file__, here)
    assert seen[1] == (__file__, here + 2)  # made inside __mul__: the caller's line
    helper_line = helper_outside_the_class.__code__.co_firstlineno + 1
    assert seen[2] == (__file__, helper_line)


def test_display_path(tmp_path):
    inside = tmp_path / "train.py"
    assert display_path(str(inside), str(tmp_path)) == "train.py"
    assert display_path("/elsewhere/x.py", str(tmp_path)) == "/elsewhere/x.py"
    assert display_path("<ipython-input-3>", str(tmp_path)) == "<ipython-input-3>"
