"""The Qt binding in use can run a long meeting: a window makes many thousands of calls
to Qt methods that return nothing (setEnabled, update, processEvents).

PySide6 6.12.0 released one reference to ``None`` at each such call; on Python 3.11,
where ``None`` is an ordinary object, the process then aborted ("deallocating None")
once the calls outnumbered the references to ``None``: after enough clicks in a real
session. pyproject.toml excludes that version.
"""

from __future__ import annotations

import subprocess
import sys

CALLS = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
widget = QWidget()
for _ in range(sys.getrefcount(None) + 20_000):
    widget.setEnabled(True)
    app.processEvents()
print("still running", flush=True)
"""


def test_many_calls_that_return_nothing_do_not_abort_the_process(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CALLS], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "still running" in done.stdout
