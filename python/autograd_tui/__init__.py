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

The pipeline, module by module, in the order data flows through them (``recorder`` drives
it while a script runs; ``save`` and ``check`` for one root):

1. ``shape``, ``recognise``, ``roles``: which class is an engine's value, and which of
   its attributes holds the data, the grad, the inputs, the op, the step, the pass;
   ``patch`` wraps the constructors and passes of those classes while recording;
2. ``creation``, ``frames``: what each node's construction saw (its inputs in order, the
   user's line, the engine method that made it: ``made_by``);
3. ``walk`` (and ``dezero`` for Variables and Functions): the graph behind a root,
   numbered inputs first;
4. ``spy``, ``passes``: which nodes the engine's own pass fired, in order (``deferred``:
   a pass method that is a generator, recorded when the script has run it through);
5. ``probe``: what each ``_backward``, called alone, does to each input;
6. ``nodetext``, ``codes``, ``capture`` (and its generated twin ``fastpath``, whose code
   ``fastsource`` writes): one ``backward()`` call written as a capture's JSON, its node
   lines taken a block at a time (``nodetext.NodeText``: past 1 MB, into a temporary file);
7. ``store``: which calls keep their whole graph, decided before each call;
8. ``document``, ``runner``, ``endings``, ``notebook``, ``diagnosis``: the document on
   disk, how the script ended, and what was found about an engine that was not recorded.
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
