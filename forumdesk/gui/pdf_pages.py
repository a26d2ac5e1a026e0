"""The pages of a PDF in a scroll area, drawn off the window's thread as they come into view.

A long meeting's minutes run to hundreds of pages. Drawing them all before showing any
froze the window for seconds and held every page in memory, twice while a new preview
replaced an old one. Here:

- one drawing thread does all of PDFium's work (PDFium is not thread-safe: one thread,
  one document at a time), and only for the pages the scroll area shows, visible pages
  first; it takes the newest document and the newest wish list, so a document replaced
  while it was being drawn is dropped, not finished;
- the window paints blank sheets of the right size until a page's image arrives, so the
  scroll bar is right from the start and the first page shows as soon as it is drawn;
- drawn pages are kept in a cache bounded in bytes (the pages on screen always stay),
  drawn with as many pixels as the screen has (two per point at 200%).

Signals:
    PdfPages.page_drawn(int): a page (from 0) was drawn and is shown.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import weakref
from collections import OrderedDict

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QScrollArea, QWidget

from forumdesk.i18n import _

#: 72 dpi × 1.1: an A4 page about 650 pixels wide.
SCALE = 1.1
GAP = 12  # pixels between pages
#: Drawn pages kept beyond those on screen: about 25 A4 pages at 100%, 6 at 200%.
CACHE_BYTES = 64 * 1024 * 1024
AHEAD = 1  # pages drawn beyond each end of what is on screen, for smooth scrolling


class _Post(QObject):
    """Carries the drawing thread's results to the window's thread (queued signals)."""

    opened = Signal(int, object)  # generation, [(width, height)] in points
    drawn = Signal(int, int, float, QImage)  # generation, page, pixel ratio, image
    failed = Signal(int, str)  # generation, what went wrong


#: The drawing threads alive, stopped before the interpreter exits (see _stop_all).
_drawers: weakref.WeakSet[_Drawer] = weakref.WeakSet()
_exit_registered = threading.Event()


def _stop_all() -> None:
    """Ends every drawing thread, closing its document, before PDFium is shut down.

    pypdfium2 closes what is still open and shuts the library down when the interpreter
    exits; a drawing thread still holding a document then crashed the process on its way
    out (a segmentation fault after the window had closed). Registered after pypdfium2 is
    imported, so that it runs first (exit handlers run last registered first).
    """
    for drawer in list(_drawers):
        drawer.stop()
        drawer.join(5.0)


class _Drawer:
    """The one thread that opens documents and draws pages with PDFium."""

    def __init__(self, post: _Post) -> None:
        self._post = post
        self._lock = threading.Condition()
        self._pdf: bytes | None = None
        self._generation = 0
        self._wanted: list[int] = []
        self._ratio = 1.0
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="pdf-pages", daemon=True)
        _drawers.add(self)
        self._thread.start()

    def show(self, generation: int, pdf: bytes | None) -> None:
        """Draws this document from now on (the one before is dropped)."""
        with self._lock:
            self._generation, self._pdf, self._wanted = generation, pdf, []
            self._lock.notify()

    def want(self, generation: int, pages: list[int], ratio: float) -> None:
        """The pages to draw next, in order (replaces the previous wish)."""
        with self._lock:
            if generation == self._generation:
                self._wanted, self._ratio = list(pages), ratio
                self._lock.notify()

    def stop(self) -> None:
        """Ends the thread after the page it is drawing (it never blocks the caller)."""
        with self._lock:
            self._stopped = True
            self._lock.notify()

    def join(self, timeout: float) -> None:
        """Waits for the thread to end (after :meth:`stop`), at most ``timeout`` seconds."""
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _next(self, opened: int) -> tuple[int, bytes | None, int | None, float] | None:
        with self._lock:
            while not self._stopped and self._generation == opened and not self._wanted:
                self._lock.wait()
            if self._stopped:
                return None
            if self._generation != opened:
                return self._generation, self._pdf, None, self._ratio
            return self._generation, None, self._wanted.pop(0), self._ratio

    def _run(self) -> None:
        first = self._next(0)
        if first is None:
            return
        # Imported when the first document comes, not as the window starts: an import
        # on this thread holds the interpreter's lock, which the window then waits for
        # (tens of milliseconds before the first window; docs/internals.md, "Start-up").
        import pypdfium2

        if not _exit_registered.is_set():  # after pypdfium2's own handler: runs before it
            _exit_registered.set()
            atexit.register(_stop_all)
        document = None
        opened = 0  # the generation of the open document (0: none)
        try:
            while (job := first or self._next(opened)) is not None:
                first = None
                generation, pdf, page, ratio = job
                if page is None:
                    if document is not None:
                        document.close()
                        document = None
                    opened = generation
                    if pdf is None:
                        continue
                    try:
                        document = pypdfium2.PdfDocument(pdf)
                        sizes = [document.get_page_size(i) for i in range(len(document))]
                    except pypdfium2.PdfiumError as exc:
                        self._tell(self._post.failed, generation, str(exc))
                        continue
                    self._tell(self._post.opened, generation, sizes)
                elif document is not None and page < len(document):
                    self._tell(
                        self._post.drawn, generation, page, ratio, _draw(document, page, ratio)
                    )
        finally:
            if document is not None:
                document.close()

    @staticmethod
    def _tell(signal: SignalInstance, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the widget was deleted: nobody to tell
            signal.emit(*args)


def _draw(document: object, page: int, ratio: float) -> QImage:
    """One page as an image with ``ratio`` pixels per screen pixel."""
    sheet = document[page]  # type: ignore[index]
    try:
        bitmap = sheet.render(scale=SCALE * ratio, rev_byteorder=True, prefer_bgrx=True)
        data = bytes(bitmap.buffer)
        image = QImage(
            data, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
        )
        image = image.copy()  # owns its pixels: ``data`` goes with this function
        bitmap.close()
    finally:
        sheet.close()
    image.setDevicePixelRatio(ratio)
    return image


class _Sheets(QWidget):
    """Paints the pages one under another: drawn ones as drawn, the others blank."""

    def __init__(self, pages: PdfPages) -> None:
        super().__init__()
        self._pages = pages
        self.sizes: list[QSize] = []
        self.tops: list[int] = []

    def lay_out(self, sizes: list[tuple[float, float]]) -> None:
        self.sizes = [QSize(round(w * SCALE), round(h * SCALE)) for w, h in sizes]
        self.tops, top = [], GAP
        for size in self.sizes:
            self.tops.append(top)
            top += size.height() + GAP
        width = max((s.width() for s in self.sizes), default=0) + 2 * GAP
        self.setFixedSize(width, top if self.sizes else 0)
        self.update()

    def rect_of(self, page: int) -> QRect:
        size = self.sizes[page]
        return QRect(
            (self.width() - size.width()) // 2, self.tops[page], size.width(), size.height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown: list[int] = []
        for page in range(len(self.sizes)):
            where = self.rect_of(page)
            if not where.intersects(event.rect()):
                continue
            shown.append(page)
            pixmap = self._pages.drawn(page)
            if pixmap is None:
                painter.fillRect(where, QColor("white"))
                painter.setPen(QColor("#c0c0c0"))
                painter.drawRect(where.adjusted(0, 0, -1, -1))
            else:
                painter.drawPixmap(where.topLeft(), pixmap)
        painter.end()
        self._pages.wanted_now(shown)


class PdfPages(QScrollArea):
    """A PDF's pages, drawn as they are scrolled into view (see the module's notes)."""

    page_drawn = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._post = _Post()
        self._drawer = _Drawer(self._post)
        drawer = self._drawer
        self.destroyed.connect(lambda *_args: drawer.stop())
        self._post.opened.connect(self._on_opened)
        self._post.drawn.connect(self._on_drawn)
        self._post.failed.connect(self._on_failed)
        self._generation = 0
        self._opened = 0
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()
        self._cached_bytes = 0
        self._asked: tuple[int, tuple[int, ...], float] | None = None
        self.sheets = _Sheets(self)
        self.sheets.setAccessibleName(_("Pages of the document"))
        self.setWidget(self.sheets)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setBackgroundRole(self.sheets.backgroundRole())
        self.error: str = ""

    # What the window asks ---------------------------------------------------------

    def show_pdf(self, pdf: bytes | None) -> None:
        """Shows another document (None: none); what was drawn of the last one goes."""
        self._generation += 1
        self._drawer.show(self._generation, pdf or None)
        self._asked = None
        self.error = ""
        if not pdf:
            self._opened = self._generation
            self._forget()
            self.sheets.lay_out([])

    @property
    def page_count(self) -> int:
        """How many pages the document shown has (0 until it is opened)."""
        return len(self.sheets.sizes)

    @property
    def ready(self) -> bool:
        """Whether the latest document given is the one shown (opened, or failed)."""
        return self._opened == self._generation

    def drawn(self, page: int) -> QPixmap | None:
        """A page as drawn for this screen, or None while it is not (yet) drawn."""
        pixmap = self._cache.get(page)
        if pixmap is not None:
            self._cache.move_to_end(page)
        return pixmap

    def ratio(self) -> float:
        """Pixels per screen pixel (2.0 on a 200% screen)."""
        return max(1.0, self.devicePixelRatioF())

    # What happens meanwhile -----------------------------------------------------------

    def wanted_now(self, shown: list[int]) -> None:
        """The pages being painted: those not drawn are asked for, with a page either side."""
        if not shown or not self.ready:
            return
        first, last = shown[0], shown[-1]
        around = [p for p in (*range(first - AHEAD, first), *range(last + 1, last + 1 + AHEAD))]
        wanted = tuple(
            p for p in (*shown, *around) if 0 <= p < self.page_count and p not in self._cache
        )
        ask = (self._generation, wanted, self.ratio())
        if wanted and ask != self._asked:
            self._asked = ask
            self._drawer.want(self._generation, list(wanted), ask[2])

    def event(self, event: QEvent) -> bool:
        """Draws the pages again for a screen of another density (moved to a 4K screen)."""
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self._forget()
            self._asked = None
            self.sheets.update()
        return super().event(event)

    def _on_opened(self, generation: int, sizes: list[tuple[float, float]]) -> None:
        if generation != self._generation:
            return  # replaced meanwhile
        self._opened = generation
        self._forget()
        self.sheets.lay_out(sizes)

    def _on_drawn(self, generation: int, page: int, ratio: float, image: QImage) -> None:
        if generation != self._generation or ratio != self.ratio():
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self._cache[page] = pixmap
        self._cached_bytes += _bytes(pixmap)
        self._trim(keep=page)
        self.sheets.update(self.sheets.rect_of(page))
        self.page_drawn.emit(page)

    def _on_failed(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self._opened = generation
            self.error = reason
            self._forget()
            self.sheets.lay_out([])

    def _trim(self, keep: int) -> None:
        """Drops the least recently shown pages until the cache fits (never ``keep``)."""
        visible = self.viewport().rect().translated(-self.sheets.pos().x(), -self.sheets.pos().y())
        for page in list(self._cache):
            if self._cached_bytes <= CACHE_BYTES:
                break
            if page == keep or self.sheets.rect_of(page).intersects(visible):
                continue
            self._cached_bytes -= _bytes(self._cache.pop(page))

    def _forget(self) -> None:
        self._cache.clear()
        self._cached_bytes = 0

    @property
    def cached_bytes(self) -> int:
        """The memory the drawn pages hold."""
        return self._cached_bytes


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4
