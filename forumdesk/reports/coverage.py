"""The co-production audit as a PDF: summary, the grid with its gaps, and the charts drawn
with ReportLab graphics."""

from __future__ import annotations

from datetime import date, datetime

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import coverage_text, preferences
from forumdesk.core.coverage import coverage
from forumdesk.domain.coverage import Chart, Coverage, CoverageCell, CoverageRow, OtherActivity
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.enums import PolicyStage
from forumdesk.domain.language import Language, day_month_year
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = A4[0] - 2 * styles.MARGIN
GAP_FILL = colors.HexColor("#f8d7da")
GAP_INK = "#8a1c24"  # i18n: not text
USUAL_FILL = colors.HexColor("#e3f1e6")
#: The grid's column heads: "implementation" fits a fifth of the width after the names.
GRID_HEAD = ParagraphStyle("grid_head", parent=styles.CELL_HEAD, fontSize=7.5, leading=9.5)
#: One colour per series (responses, resolved), told apart in grey print too.
SERIES = (colors.HexColor("#2f6f9f"), colors.HexColor("#e0a030"))


def coverage_pdf(
    session: Session,
    *,
    start: date | None = None,
    end: date | None = None,
    forum: str | int | None = None,
    language: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """The audit of a period and forum as a PDF, in the document language (or ``language``).

    Raises:
        InputRefused: the period ends before it starts. NotFound: no such forum.
    """
    audit = coverage(session, start=start, end=end, forum=forum, now=now)
    council = preferences.get_setting(session, settings.COUNCIL_NAME.key)
    return render_coverage(
        audit, council=council, language=preferences.document_language(session, language)
    )


def render_coverage(
    audit: Coverage, *, council: str, language: Language | DocumentText = Language.ENGLISH
) -> bytes:
    """The audit's pages: title, summary, the grid of stages, then the charts."""
    fonts.register()
    tr = DocumentText.of(language)
    lang = language.value
    scope = coverage_text.scope(audit, lang)
    made_on = day_month_year(audit.today, language)
    story: list[Flowable] = [
        Paragraph(text(council), styles.COUNCIL),
        Paragraph(text(tr.gettext("Co-production audit")), styles.TITLE),
        Paragraph(text(f"{scope} · {made_on}"), styles.SUBTITLE),
        Paragraph(text(tr.gettext("Summary")), styles.HEADING),
        Paragraph(text(coverage_text.totals(audit, lang)), styles.PLAIN),
    ]
    story += [Paragraph(text(line), styles.PLAIN) for line in coverage_text.summary(audit, lang)]
    story += _grid(audit, tr, lang)
    story.append(CondPageBreak(90 * mm))
    story.append(Paragraph(text(tr.gettext("Charts")), styles.HEADING))
    for chart in coverage_text.charts(audit, lang):
        story.append(KeepTogether([Paragraph(text(chart.title), styles.LABEL), _drawing(chart)]))
        story.append(Spacer(1, 4 * mm))
    decor = PageDecor(
        header=tr.gettext("Co-production audit · {date}").format(date=made_on),
        footer=f"{council} · {scope}",
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=tr.gettext("Co-production audit"),
        author=council,
        subject=scope,
        lang=language.tag,
    )


# -- the grid -----------------------------------------------------------------------


def _grid(audit: Coverage, tr, lang: str) -> list[Flowable]:
    """Two tables, mechanisms then formats; a format's usual stages shaded, gaps marked."""
    out: list[Flowable] = [
        Paragraph(text(tr.gettext("Stages of the policy cycle")), styles.HEADING),
        Paragraph(
            text(
                tr.gettext(
                    "Each cell counts the issues, the meetings and the residents present "
                    "(and, for engagements and offers, how many of them). Shaded: a stage "
                    "the meeting format or activity usually serves. “Gap”: a usual stage "
                    "with nothing in the period."
                )
            ),
            styles.SMALL,
        ),
    ]
    used = [r for r in audit.mechanism_rows if any(not c.empty for c in r.cells)]
    for title, rows, note in (
        (
            tr.gettext("Participation mechanisms"),
            used,
            tr.gettext("Mechanisms with no issue in the period are left out."),
        ),
        (
            tr.gettext("Engagements and offers"),
            [r for r in audit.activity_rows if r.used],
            tr.gettext(
                "Each engagement counts at the stage it served for each issue linked to it; "
                "kinds not run in the period are left out."
            ),
        ),
        (tr.gettext("Meeting formats"), list(audit.format_rows), None),
    ):
        out.append(Paragraph(text(title), styles.LABEL))
        if rows:
            out.append(_grid_table(rows, tr, lang))
        else:
            out.append(Paragraph(text(tr.gettext("None in this period.")), styles.PLAIN))
        if note and rows:
            out.append(Paragraph(text(note), styles.SMALL))
        out.append(Spacer(1, 3 * mm))
    return out


def _grid_table(rows: list[CoverageRow], tr, lang: str) -> Table:
    head = [Paragraph("", styles.CELL_HEAD)] + [
        # "Co-" on a line of its own: "implementation" alone fits the column.
        Paragraph(text(stage.short_in(lang)).replace("-", "-<br/>", 1), GRID_HEAD)
        for stage in PolicyStage
    ]
    body = []
    commands: list[tuple] = []
    for y, row in enumerate(rows, start=1):
        line = [Paragraph(text(row.subject.label_in(lang)), styles.CELL)]
        for x, cell in enumerate(row.cells, start=1):
            line.append(Paragraph(_cell_markup(cell, tr, row), styles.CELL))
            if cell.gap:
                commands.append(("BACKGROUND", (x, y), (x, y), GAP_FILL))
            elif cell.usual:
                commands.append(("BACKGROUND", (x, y), (x, y), USUAL_FILL))
        body.append(line)
    first = 0.22 * WIDTH
    widths = [first] + [(WIDTH - first) / 5 * 0.999] * 5
    table = Table([head, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(styles.TABLE)
    table.setStyle(commands)
    return table


def _cell_markup(cell: CoverageCell, tr, row: CoverageRow) -> str:
    if cell.gap:
        marked = text(tr.gettext("Gap"))
        return f'<font color="{GAP_INK}"><b>{marked}</b></font>'  # i18n: not text
    if cell.empty:
        return "–"
    lines = []
    if row.subject is OtherActivity.OFFERS:
        lines.append(tr.ngettext("{n} offer", "{n} offers", cell.engagements))
    elif row.is_activity:
        lines.append(tr.ngettext("{n} engagement", "{n} engagements", cell.engagements))
    lines = [line.format(n=cell.engagements) for line in lines]
    lines += [
        tr.ngettext("{n} issue", "{n} issues", cell.issues).format(n=cell.issues),
        tr.ngettext("{n} meeting", "{n} meetings", cell.meetings).format(n=cell.meetings),
        tr.ngettext("{n} resident", "{n} residents", cell.residents).format(n=cell.residents),
    ]
    return "<br/>".join(text(line) for line in lines)


# -- the charts ---------------------------------------------------------------------


def _drawing(chart: Chart) -> Drawing:
    """A vertical bar chart of the chart's series, with a legend when there are two."""
    height = 55 * mm
    # The drawing's own first font, or ReportLab selects Helvetica (not embedded) first
    # (docs/internals.md, "The co-production audit (issue 13)").
    drawing = Drawing(WIDTH, height, initialFontName=fonts.FAMILY)
    if not chart.categories:
        drawing.add(String(0, height / 2, chart.description, fontName=fonts.FAMILY, fontSize=9))
        return drawing
    bars = VerticalBarChart()
    many = len(chart.categories) > 6
    bars.x, bars.y = 28, 30 if many else 18
    bars.width = WIDTH - (150 if len(chart.series) > 1 else 40)
    bars.height = height - bars.y - 8
    bars.data = [list(values) for _name, values in chart.series]
    bars.categoryAxis.categoryNames = list(chart.categories)
    bars.categoryAxis.labels.fontName = fonts.FAMILY
    bars.categoryAxis.labels.fontSize = 7
    if many:
        bars.categoryAxis.labels.angle = 30
        bars.categoryAxis.labels.boxAnchor = "ne"
    bars.valueAxis.labels.fontName = fonts.FAMILY
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    top = max((max(values) for _n, values in chart.series if values), default=0)
    bars.valueAxis.valueMax = max(top * 1.15, 1)
    bars.barLabelFormat = _label
    bars.barLabels.fontName = fonts.FAMILY
    bars.barLabels.fontSize = 6.5
    bars.barLabels.nudge = 6
    for index, colour in enumerate(SERIES[: len(chart.series)]):
        bars.bars[index].fillColor = colour
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = WIDTH - 110, height - 10
        legend.fontName = fonts.FAMILY
        legend.fontSize = 7.5
        legend.alignment = "right"
        legend.colorNamePairs = [
            (SERIES[i], name) for i, (name, _values) in enumerate(chart.series)
        ]
        drawing.add(legend)
    return drawing


def _label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
