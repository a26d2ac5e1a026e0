"""The page preview's drawing thread and the end of the process."""

from __future__ import annotations

import os
import subprocess
import sys

SHOW_AND_EXIT = """
import sys
from io import BytesIO
from reportlab.pdfgen import canvas
from PySide6.QtWidgets import QApplication
from forumdesk.gui.pdf_pages import PdfPages
out = BytesIO()
page = canvas.Canvas(out)
page.drawString(72, 720, "Minutes")
page.showPage()
page.save()
app = QApplication(sys.argv[:1])
pages = PdfPages()
pages.resize(700, 900)
pages.show_pdf(out.getvalue())
pages.show()
drawn = []
pages.page_drawn.connect(drawn.append)
while not drawn:
    app.processEvents()
print("drawn", flush=True)
# The process ends with the preview still showing its document, as a window does.
"""


def test_the_process_ends_cleanly_while_a_document_is_shown() -> None:
    """pypdfium2 shuts PDFium down when the interpreter exits; a drawing thread still
    holding a document then crashed the process on its way out (a segmentation fault
    after the window had closed, one run in four)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SHOW_AND_EXIT], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr[-800:]
    assert "drawn" in done.stdout
    assert "still open" not in done.stderr  # the document was closed by its own thread
