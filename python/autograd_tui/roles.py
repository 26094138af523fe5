"""Roles named by the user: ``AUTOGRAD_TUI_ROLES="grad=grade,children=_operands,pass=backprop"``.

When the bridge does not recognise an engine by the names it knows nor by
what its attributes do, the user names the attribute that plays a role. The
value is a comma-separated list of ``role=attribute`` pairs (spaces around
either are ignored); the roles are:

- ``data``: the node's value; ``grad``: its gradient;
- ``children``: the container of its inputs; ``op``: its operation string;
  ``label``: its name;
- ``backward``: the per-node step (a closure or method: ``_backward``);
- ``local_grads``: stored local derivatives, aligned with the inputs;
- ``pass``: the method that runs the whole backward pass (``backward``).

A named role is tried before every built-in name. An attribute name that is
not a Python identifier, or an unknown role, is reported once on standard
error and ignored; the program goes on.
"""

from __future__ import annotations

import keyword
import os
import sys
from typing import Dict, Optional, Tuple

ENV_ROLES = "AUTOGRAD_TUI_ROLES"
ROLE_NAMES = ("data", "grad", "children", "op", "label", "backward", "local_grads", "pass")


def valid_attribute(name: str) -> bool:
    """Whether ``name`` can be compiled as ``node.NAME`` (an identifier, not a keyword)."""
    return name.isidentifier() and not keyword.iskeyword(name)


def parse_roles(text: Optional[str]) -> Tuple[Dict[str, str], Tuple[str, ...]]:
    """The roles named in ``text``, and a message per part that was ignored."""
    roles: Dict[str, str] = {}
    problems = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        role, equals, name = part.partition("=")
        role, name = role.strip(), name.strip()
        if not equals or role not in ROLE_NAMES:
            problems.append(f"{part!r} is not ROLE=ATTRIBUTE with ROLE one of "
                            + ", ".join(ROLE_NAMES))
        elif not valid_attribute(name):
            problems.append(f"{name!r} (for {role}) is not an attribute name")
        else:
            roles[role] = name
    return roles, tuple(problems)


_cache: Dict[str, Dict[str, str]] = {}


def named_roles() -> Dict[str, str]:
    """The roles named in ``$AUTOGRAD_TUI_ROLES`` now (parsed once per distinct value)."""
    text = os.environ.get(ENV_ROLES, "")
    found = _cache.get(text)
    if found is not None:
        return found
    found, problems = parse_roles(text)
    for problem in problems:
        sys.stderr.write(f"autograd-tui: {ENV_ROLES}: {problem}; ignored\n")
    _cache[text] = found
    return found


def names_for(role: str, builtin: Tuple[str, ...]) -> Tuple[str, ...]:
    """``builtin``, with the user's name for ``role`` (if any) tried first."""
    named = named_roles().get(role)
    if named is None:
        return builtin
    return (named,) + tuple(name for name in builtin if name != named)
