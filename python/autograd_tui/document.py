"""Writing the capture document: the header, then every capture, atomically.

Members (``capture-json.md``, plus the ones this bridge adds, marked +):

- ``format``, ``engine``, ``script``, ``captures`` as in the contract;
- + ``cwd``: the working folder, against which relative ``file`` paths resolve;
- + ``bridge``: ``{"name", "version", "python"}`` of the writer;
- + ``keep``: how many captures could keep their whole graph (``null`` for
  ``save()``, which writes one);
- + ``calls``: how many ``backward()`` calls were captured.
"""

from __future__ import annotations

import os
import platform
import tempfile
from typing import Iterable, List, Optional, Union

from .jsonnum import string_text

FORMAT = "autograd-capture/1"
VERSION = "0.1.0"


def header(engine: Optional[str], script: Optional[str], keep: Optional[int], calls: int,
           cwd: str) -> str:
    """The document's members before ``captures``, as JSON text."""
    bridge = '{"name": "autograd_tui", "version": %s, "python": %s}' % (
        string_text(VERSION), string_text(platform.python_version()))
    return (
        '{"format": "%s",\n"engine": %s,\n"script": %s,\n"cwd": %s,\n"bridge": %s,\n'
        '"keep": %s,\n"calls": %d,\n' % (
            FORMAT,
            string_text(engine) if engine else "null",
            string_text(script) if script else "null",
            string_text(cwd), bridge,
            str(keep) if keep is not None else "null",
            calls))


def write_document(path: str, engine: Optional[str], script: Optional[str],
                   captures: Iterable[Union[str, List[str]]], keep: Optional[int] = None,
                   calls: int = 1,
                   cwd: Optional[str] = None) -> None:
    """Write the document to ``path`` atomically (a temporary file beside it, then a rename).

    ``captures`` yields each capture's JSON text, oldest first, as one string or as a
    list of strings to be written one after the other (which spares copying a large one).
    """
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".capture-", suffix=".json", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(header(engine, script, keep, calls, cwd or os.getcwd()))
            stream.write('"captures": [\n')
            first = True
            for text in captures:
                if not first:
                    stream.write(",\n")
                if isinstance(text, str):
                    stream.write(text)
                else:
                    stream.writelines(text)
                first = False
            stream.write("\n]}\n")
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise
