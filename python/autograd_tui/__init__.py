"""autograd_tui: record the graph of your own micrograd-style engine for autograd-tui.

Write your own ``Value`` class, run your script, and autograd-tui replays the
graph with a correct engine and says which ``_backward`` is wrong. This
package records the graph from *your* engine into a capture (JSON, see
``capture-json.md``):

- ``save(root, path)``: after ``root.backward()``, write the graph behind
  ``root``, each ``_backward`` probed in isolation;
- ``with record(): ...``: also record each node's creation (inputs in the
  order given, source line) and every ``backward()`` call (``grad_before``,
  the engine's firing order); ``Recorder.save(path)`` writes them all;
- ``check(root)``: print autograd-tui's verdict (runs ``autograd-tui --check``);
- ``python3 -m autograd_tui run SCRIPT.py [ARGS...]``: the same for a script
  left unchanged (see ``autograd_tui.runner`` for options and exit statuses).

Engines are recognised by duck typing, never by class name; see
``autograd_tui.shape`` for the attribute names understood.
"""

from .check import check
from .document import FORMAT, VERSION
from .recorder import Recorder, record
from .save import save
from .store import DEFAULT_KEEP
from .walk import NotANode

__version__ = VERSION

__all__ = ["save", "record", "check", "Recorder", "NotANode", "FORMAT", "DEFAULT_KEEP",
           "__version__"]
