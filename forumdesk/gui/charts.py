"""A bar chart painted with QPainter: categories along the bottom, a bar per series in each.

Qt's own chart module is not in the wheels ForumDesk ships with (and is deprecated), and a
few bar charts are quickly painted. The chart's data (``domain.coverage.Chart``) is the
same the PDF draws; a screen reader hears its description, which says every bar's value.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from forumdesk.domain.coverage import Chart
from forumdesk.i18n import _

#: One colour per series, the PDF's too (told apart in grey print: dark and light).
SERIES_COLOURS = ("#2f6f9f", "#e0a030")
_SINGLE = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextSingleLine | Qt.TextFlag.TextDontClip


class BarChart(QWidget):
    """Paints one :class:`Chart`; its accessible name is the title, its description the data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader's user can reach it
        self.setMinimumHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(26 * line, 13 * line)

    def set_chart(self, chart: Chart) -> None:
        """Shows a chart's data (and says it to assistive technology)."""
        self.chart = chart
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(chart.description)
        self.setToolTip(chart.description)
        self.update()

    def clear(self) -> None:
        """Shows no data (a period refused): nothing of an earlier chart stays."""
        self.chart = None
        self.setAccessibleName(_("Chart"))
        self.setAccessibleDescription(_("No data in this period."))
        self.setToolTip("")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        chart = self.chart
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(ink)
        title = chart.title if chart else ""
        painter.drawText(
            area.adjusted(0, 0, 0, -(area.height() - line)), Qt.AlignmentFlag.AlignLeft, title
        )
        painter.setFont(self.font())
        body = area.adjusted(0, line * 1.4, 0, 0)
        if chart is None or not chart.categories:
            painter.setPen(muted)
            painter.drawText(body, Qt.AlignmentFlag.AlignCenter, _("No data in this period."))
            return
        if len(chart.series) > 1:  # a legend on a line of its own, under the title
            x = area.left()
            for index, (name, _values) in enumerate(chart.series):
                painter.fillRect(
                    QRectF(x, body.top() + line * 0.2, line * 0.6, line * 0.6),
                    QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)]),
                )
                x += line * 0.9
                width = metrics.horizontalAdvance(name) + 2
                painter.setPen(ink)
                painter.drawText(QRectF(x, body.top(), width, line), _SINGLE, name)
                x += width + line
            body = body.adjusted(0, line * 1.2, 0, 0)
        top = max((max(values, default=0) for _n, values in chart.series), default=0) or 1
        axis = metrics.horizontalAdvance(_number(top)) + 6
        slot = (body.width() - axis) / len(chart.categories)
        label_font, labels = self._labels(chart.categories, slot - 4)
        rows = 2 if any("\n" in label for label in labels) else 1
        plot = body.adjusted(axis, line, 0, -(line * (rows + 0.3)))
        painter.setPen(muted)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawText(
            QRectF(body.left(), plot.top() - line / 2, axis - 4, line),
            Qt.AlignmentFlag.AlignRight,
            _number(top),
        )
        painter.drawText(
            QRectF(body.left(), plot.bottom() - line / 2, axis - 4, line),
            Qt.AlignmentFlag.AlignRight,
            "0",
        )
        bar = slot * 0.7 / len(chart.series)
        for index in range(len(chart.categories)):
            left = plot.left() + index * slot + slot * 0.15
            for number, (_name, values) in enumerate(chart.series):
                value = values[index]
                height = plot.height() * value / top
                rect = QRectF(left + number * bar, plot.bottom() - height, bar - 1, height)
                painter.fillRect(rect, QColor(SERIES_COLOURS[number % len(SERIES_COLOURS)]))
                painter.setPen(ink)
                painter.setFont(self.font())
                painter.drawText(
                    QRectF(rect.left() - 10, rect.top() - line, rect.width() + 20, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    _number(value),
                )
            painter.setPen(ink)
            painter.setFont(label_font)
            painter.drawText(
                QRectF(plot.left() + index * slot, plot.bottom() + 2, slot, 2 * line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                labels[index],
            )

    def _labels(self, categories: tuple[str, ...], width: float) -> tuple[QFont, list[str]]:
        """The categories' labels, in the widget's font or, where one would be cut short,
        a smaller one."""
        font = QFont(self.font())
        for scale in (1.0, 0.85):
            font.setPointSizeF(self.font().pointSizeF() * scale)
            labels = [_fitted(QFontMetrics(font), c, width) for c in categories]
            if not any(label.endswith("…") for label in labels):
                break
        return font, labels


def _fitted(metrics: QFontMetrics, text: str, width: float) -> str:
    """A category's label within ``width``: whole, else broken after its first hyphen or
    space onto two lines ("Co-" / "implementation"), else cut short with an ellipsis."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    for mark in ("-", " "):
        head, found, tail = text.partition(mark)
        if found and tail:
            first = (head + found).rstrip()
            if max(metrics.horizontalAdvance(first), metrics.horizontalAdvance(tail)) <= width:
                return f"{first}\n{tail}"
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
