"""How one node is written in a capture: its line's template and its ``op`` as JSON.

Shared by the general writer (``capture``) and the generated fast path (``fastpath``), which
must write the very same text.
"""

from __future__ import annotations

from typing import Any

from .jsonnum import string_text

NULL = "null"
LINE = ('{"id": %d, "op": %s, "label": %s, "data": %s, "grad": %s%s, '
        '"children": %s, "ordered": %s%s%s}')


def op_text(value: Any) -> str:
    """An op attribute as JSON: the string as stored, ``null`` for ``None``.

    An op that is not a string (a function, an enum member) is written as its
    ``__name__`` or ``name``, else ``str()``.
    """
    if value is None:
        return NULL
    if isinstance(value, str):
        return string_text(value)
    for attribute in ("__name__", "name"):
        name = getattr(value, attribute, None)
        if isinstance(name, str):
            return string_text(name)
    try:
        return string_text(str(value))
    except Exception:
        return string_text(type(value).__name__)
