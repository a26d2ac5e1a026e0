"""Keeping a document's closing block (the chair's signature) on a page with content.

ReportLab's KeepTogether moves a block to the next page when it does not fit, and a
signature moved that way can stand alone on a page of its own, which no council
would sign. Here the content before it is split instead, so that its end moves over
with the signature.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable


class EndWith(Flowable):
    """The end of a story (``body``) followed by a ``block`` that must share its page.

    ``body`` is one flowable (a table, a paragraph) or a few that belong together (a
    heading and its one line). When body and block do not fit in the space left:

    - one flowable is split so that at least its last part (a table's last rows with
      the header repeated, a paragraph's last lines) moves over with the block;
    - several move over together, unless together with the block they are taller
      than a page (``page_height``), when only the last of them stays with the block.
    """

    def __init__(
        self, body: Sequence[Flowable], block: Sequence[Flowable], page_height: float
    ) -> None:
        super().__init__()
        self._body = list(body)
        self._block = list(block)
        self._page_height = page_height
        self._placed: list[tuple[Flowable, float, float]] = []  # flowable, gap above, height

    def getSpaceBefore(self) -> float:
        return self._body[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self._block[-1].getSpaceAfter()

    def _measure(self, flowables: Sequence[Flowable], width: float, height: float) -> float:
        """Lays the flowables out one under another, as a frame would; their total height."""
        total, above = 0.0, None
        for flowable in flowables:
            _w, h = flowable.wrapOn(self.canv, width, height)
            gap = 0.0 if above is None else max(above, flowable.getSpaceBefore())
            self._placed.append((flowable, gap, h))
            total += gap + h
            above = flowable.getSpaceAfter()
        return total

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._placed = []
        self.width = availWidth
        self.height = self._measure([*self._body, *self._block], availWidth, availHeight)
        return availWidth, self.height

    def draw(self) -> None:
        y = self.height
        for flowable, gap, h in self._placed:
            y -= gap + h
            flowable.drawOn(self.canv, 0, y)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._placed = []
        block = self._measure(self._block, availWidth, availHeight)
        self._placed = []
        body = self._measure(self._body, availWidth, availHeight)
        self._placed = []
        if len(self._body) > 1:
            if body + block <= self._page_height:
                return []  # all of it on the next page
            *rest, last = self._body
            return [*rest, EndWith([last], self._block, self._page_height)]
        # One flowable: when it fits alone, cut it short of the block's height, so
        # that its end (at least a row or a line) goes over with the block.
        cut = availHeight if body > availHeight else availHeight - block
        parts = self._body[0].splitOn(self.canv, availWidth, cut) if cut > 0 else []
        if len(parts) < 2:
            return []  # nothing of it fits above the block here: all on the next page
        *first, last = parts
        return [*first, EndWith([last], self._block, self._page_height)]
