"""The `autograd-tui` command of an installed wheel: the program it holds, run as itself.

`pip install .` puts the program built from this repository in the package, as
``autograd_tui/bin/autograd-tui``; this module replaces the Python process with it, so the
program's exit status, signals and terminal are its own.
"""

from __future__ import annotations

import os
import sys
from typing import List, Optional

PROGRAM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "autograd-tui")


def bundled() -> Optional[str]:
    """The program installed with this package, when there is one."""
    return PROGRAM if os.path.isfile(PROGRAM) and os.access(PROGRAM, os.X_OK) else None


def main(argv: Optional[List[str]] = None) -> int:
    """Run the bundled program with ``argv`` (default: this process's arguments)."""
    program = bundled()
    arguments = sys.argv[1:] if argv is None else argv
    if program is None:
        sys.stderr.write(
            "autograd-tui: this installation has no program: install the package with "
            "`pip install .` from the autograd-tui repository (it builds the program), or "
            "build it with `swift build -c release`\n")
        return 69
    os.execv(program, [program] + arguments)
    return 69  # not reached: execv replaces this process
