"""Numbers and strings as JSON text, the way the capture format writes them.

A number is written in its shortest round-trip form; NaN and the infinities,
which JSON lacks, as the strings ``"nan"``, ``"inf"`` and ``"-inf"``. Ints,
bools, ``fractions.Fraction``, numpy scalars and 0-d numpy arrays are numbers.
Anything else (a ``Value`` put into ``.grad`` by mistake, a list, a string)
is written as ``{"repr": "..."}``.
"""

from __future__ import annotations

import json
import math
import numbers
from typing import Any, Iterable, List, Optional

REPR_LIMIT = 200
_encode_string = json.encoder.encode_basestring
_encode_ascii = json.encoder.encode_basestring_ascii
_INF = float("inf")


def as_float(value: Any) -> Optional[float]:
    """``value`` as a float when it is a number (see the module docstring), else ``None``."""
    kind = type(value)
    if kind is float:
        return float(value)
    if kind is int or kind is bool:
        try:
            return float(value)
        except OverflowError:
            return _INF if value > 0 else -_INF
    if isinstance(value, numbers.Real):
        try:
            return float(value)
        except OverflowError:
            return _INF if value > 0 else -_INF  # type: ignore[operator]
        except Exception:
            return None
    if getattr(value, "shape", None) == () and hasattr(value, "dtype"):
        if getattr(value.dtype, "kind", "") in ("b", "i", "u", "f"):
            try:
                return float(value)
            except Exception:
                return None
    return None


def float_text(value: float) -> str:
    """A float as JSON text: shortest round-trip digits, or ``"nan"``, ``"inf"``, ``"-inf"``."""
    if value != value:
        return '"nan"'
    if value == _INF:
        return '"inf"'
    if value == -_INF:
        return '"-inf"'
    return repr(value)


def safe_repr(value: Any) -> str:
    """``repr(value)``, shortened to ``REPR_LIMIT`` characters, never raising."""
    try:
        text = repr(value)
    except Exception as error:  # a broken __repr__ must not stop the capture
        text = f"<{type(value).__name__} whose repr raised {type(error).__name__}>"
    if len(text) > REPR_LIMIT:
        text = text[:REPR_LIMIT - 1] + "\u2026"
    return text


def string_text(value: str) -> str:
    """A string as JSON text (non-ASCII kept; lone surrogates escaped)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _encode_ascii(value)
    return _encode_string(value)


def number_text(value: Any) -> str:
    """Any value as the JSON text of a capture number (see the module docstring)."""
    if type(value) is float:
        if value - value == 0.0:
            return repr(value)
        return float_text(value)
    number = as_float(value)
    if number is None:
        return '{"repr": ' + string_text(safe_repr(value)) + "}"
    return float_text(number)


def number_texts(values: Iterable[Any]) -> List[str]:
    """``number_text`` of each value; a float equal to the one before it, with the same bits
    (non-zero, or a zero of the same sign), shares that one's text (a graph's grads before
    ``backward()`` are mostly one zero: the list then costs a pointer a node)."""
    texts: List[str] = []
    put = texts.append
    last: Any = None
    last_text = ""
    for value in values:
        if (type(value) is float and value == last
                and (value or math.copysign(1.0, value) == math.copysign(1.0, last))):
            put(last_text)
            continue
        text = number_text(value)
        put(text)
        if type(value) is float:
            last, last_text = value, text
    return texts


def is_finite(value: float) -> bool:
    """Whether ``value`` is neither NaN nor infinite."""
    return math.isfinite(value)
