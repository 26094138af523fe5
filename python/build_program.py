"""The one build step `pip install .` and `pip wheel .` need beyond hatchling's: build the
autograd-tui program with the local Swift toolchain and put it in the wheel.

The program is built in release mode with the Swift runtime linked in statically
(`--static-swift-stdlib`), so the wheel runs on a machine with no Swift toolchain; it links
the system's ncurses (libncursesw.so.6) and C library. It goes into the wheel as
`autograd_tui/bin/autograd-tui`, where `autograd_tui.program` (the `autograd-tui` command) and
`autograd_tui.check()` find it, and the wheel is tagged for this platform, for any Python 3.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
from typing import Any, Dict

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PRODUCT = "autograd-tui"


class ProgramBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Builds the Swift program before hatchling writes the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: Dict[str, Any]) -> None:
        """Run `swift build`, copy the program into the wheel, tag the wheel for this platform."""
        root = self.root
        swift = shutil.which("swift")
        if swift is None:
            raise RuntimeError(
                "building autograd-tui needs a Swift 6 toolchain (`swift` on PATH) and the "
                "ncurses development files; or install a wheel built on a machine that has them")
        scratch = os.path.join(root, ".build-wheel")
        command = [swift, "build", "-c", "release", "--static-swift-stdlib",
                   "--product", PRODUCT, "--scratch-path", scratch]
        self.app.display_info("building the autograd-tui program: " + " ".join(command))
        subprocess.run(command, cwd=root, check=True)
        binary = os.path.join(scratch, "release", PRODUCT)
        build_data["force_include"][binary] = f"autograd_tui/bin/{PRODUCT}"
        build_data["pure_python"] = False
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        build_data["tag"] = f"py3-none-{platform}"
