"""``python3 -m autograd_tui run SCRIPT.py [ARGS...]``: see ``autograd_tui.runner``."""

import sys

from autograd_tui.runner import main

if __name__ == "__main__":
    sys.exit(main())
