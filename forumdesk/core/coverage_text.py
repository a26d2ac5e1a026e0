"""The co-production audit in words and charts: its summary, its scope, and the data of each
chart, in a document's language or the interface's (the dashboard and the PDF share them)."""

from __future__ import annotations

from collections.abc import Callable
from gettext import NullTranslations

from forumdesk.core.coverage import LOOP_DAYS
from forumdesk.domain.coverage import Chart, Coverage
from forumdesk.domain.document_text import CODES, DocumentText
from forumdesk.domain.enums import PolicyStage
from forumdesk.domain.language import Language, short_date
from forumdesk.i18n import for_language, interface_language

#: Wards shown in the chart of issues per ward; the rest are added up as "Other wards".
MOST_WARDS = 12


def summary(audit: Coverage, language: str | None = None) -> tuple[str, ...]:
    """A few plain sentences on the largest gaps, in ``language`` (default: the interface's).

    Stages no issue reached are named first, then the busiest stage, the usual pairings of a
    format and a stage that had nothing, and how often residents heard back in time.
    """
    language = language or interface_language()
    if _document(language).bilingual:
        return _each_line(language, lambda alone: summary(audit, alone))
    tr = for_language(language)
    if audit.issues == 0 and audit.meetings == 0:
        return (tr.gettext("No issues were raised and no meetings were held in this period."),)
    said: list[str] = []
    by_stage = audit.issues_by_stage
    for stage in PolicyStage:
        if audit.issues and by_stage.get(stage, 0) == 0:
            said.append(_none_at(tr, stage))
    busiest = max(PolicyStage, key=lambda s: (by_stage.get(s, 0), -s.number))
    if by_stage.get(busiest, 0):
        said.append(_count_at(tr, busiest, by_stage[busiest]))
    gaps = audit.gaps
    if gaps:
        held = {row.subject for row in audit.format_rows if any(not c.empty for c in row.cells)}
        unused = [f for f, _s in gaps if f in held]
        said.append(
            tr.ngettext(
                "{n} stage that a meeting format usually serves had no meeting or issue of "
                "that format.",
                "{n} stages that meeting formats usually serve had no meeting or issue of "
                "those formats.",
                len(gaps),
            ).format(n=len(gaps))
        )
        if unused:
            fmt, stage = next((f, s) for f, s in gaps if f in held)
            said.append(
                tr.gettext(
                    "Meetings of the format “{format}” were held, but none served {stage}."
                ).format(format=fmt.label_in(language), stage=stage.label_in(language).lower())
            )
    said.extend(co_decisions(audit, language))
    if audit.closable:
        said.append(
            tr.ngettext(
                "Residents heard back within {days} days on {closed} of {n} issue.",
                "Residents heard back within {days} days on {closed} of {n} issues.",
                audit.closable,
            ).format(days=LOOP_DAYS, closed=audit.closed_in_time, n=audit.closable)
        )
    return tuple(said)


def co_decisions(audit: Coverage, language: str | None = None) -> tuple[str, ...]:
    """How the period's co-decisions were decided, in a sentence (none: nothing said)."""
    if _document(language).bilingual:
        return _each_line(language, lambda alone: co_decisions(audit, alone))
    tr = _tr(language)
    n = audit.decided_with + audit.decided_for + audit.decided_unrecorded
    if not n:
        return ()
    return (
        tr.ngettext(
            "Of {n} co-decision, {with_residents} with residents, {for_them} by an officer "
            "under delegation, {unrecorded} with no method recorded.",
            "Of {n} co-decisions, {with_residents} with residents, {for_them} by an officer "
            "under delegation, {unrecorded} with no method recorded.",
            n,
        ).format(
            n=n,
            with_residents=tr.ngettext("{n} was made", "{n} were made", audit.decided_with).format(
                n=audit.decided_with
            ),
            for_them=audit.decided_for,
            unrecorded=audit.decided_unrecorded,
        ),
    )


def _none_at(tr: NullTranslations, stage: PolicyStage) -> str:
    if stage is PolicyStage.CO_DEFINITION:
        return tr.gettext("No problems were co-defined with residents in this period.")
    if stage is PolicyStage.CO_FORMULATION:
        return tr.gettext("No options were co-formulated with residents in this period.")
    if stage is PolicyStage.CO_DECISION:
        return tr.gettext("No issues were co-decided with residents in this period.")
    if stage is PolicyStage.CO_IMPLEMENTATION:
        return tr.gettext("No issues were co-implemented with residents in this period.")
    return tr.gettext("No issues were co-evaluated with residents in this period.")


def _count_at(tr: NullTranslations, stage: PolicyStage, n: int) -> str:
    if stage is PolicyStage.CO_DEFINITION:
        text = tr.ngettext("{n} problem was co-defined.", "{n} problems were co-defined.", n)
    elif stage is PolicyStage.CO_FORMULATION:
        text = tr.ngettext(
            "{n} issue had options co-formulated.", "{n} issues had options co-formulated.", n
        )
    elif stage is PolicyStage.CO_DECISION:
        text = tr.ngettext("{n} issue was co-decided.", "{n} issues were co-decided.", n)
    elif stage is PolicyStage.CO_IMPLEMENTATION:
        text = tr.ngettext("{n} issue was co-implemented.", "{n} issues were co-implemented.", n)
    else:
        text = tr.ngettext("{n} issue was co-evaluated.", "{n} issues were co-evaluated.", n)
    return text.format(n=n)


def _tr(language: str | None) -> NullTranslations:
    return for_language(language or interface_language())


def scope(audit: Coverage, language: str | None = None) -> str:
    """The forum and period in words: "Brixton Hill Area Forum · 1 January 2026 to 31 March
    2026"."""
    tr = _tr(language)
    shown = _document(language)
    forum = audit.forum_name or tr.gettext("All forums")
    if shown.bilingual:  # the forum's name once, each language's period whole
        periods = (scope(audit, alone.code).split(" · ", 1)[1] for alone in shown.alone())
        return f"{forum} · {' / '.join(periods)}"
    if audit.start and audit.end:
        period = tr.gettext("{start} to {end}").format(
            start=shown.day_month_year(audit.start), end=shown.day_month_year(audit.end)
        )
    elif audit.start:
        period = tr.gettext("since {start}").format(start=shown.day_month_year(audit.start))
    elif audit.end:
        period = tr.gettext("until {end}").format(end=shown.day_month_year(audit.end))
    else:
        period = tr.gettext("all dates")
    return f"{forum} · {period}"


def totals(audit: Coverage, language: str | None = None) -> str:
    """ "64 issues raised, 8 meetings held, 28 residents present."."""
    if _document(language).bilingual:
        return _each_line(language, lambda alone: (totals(audit, alone),))[0]
    tr = _tr(language)
    return tr.gettext("{issues}, {meetings}, {residents}.").format(
        issues=tr.ngettext("{n} issue raised", "{n} issues raised", audit.issues).format(
            n=audit.issues
        ),
        meetings=tr.ngettext("{n} meeting held", "{n} meetings held", audit.meetings).format(
            n=audit.meetings
        ),
        residents=tr.ngettext(
            "{n} resident present", "{n} residents present", audit.residents
        ).format(n=audit.residents),
    )


def _document(language: str | None) -> DocumentText:
    """The audit's words in ``language`` (en, cy, bilingual; None: the interface's)."""
    chosen = language or interface_language()
    return DocumentText.of(chosen if chosen in CODES else Language.ENGLISH.value)


def _each_line(language: str | None, write: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
    """Lines written in each of a bilingual document's languages on their own, then
    joined line by line ("Welsh sentence. / English sentence."): a sentence whose parts
    are sentences of their own is never merged half and half."""
    written = [write(alone.code) for alone in _document(language).alone()]
    return tuple(" / ".join(lines) for lines in zip(*written, strict=True))


def _in_each(labels: list[str]) -> str:
    """A short label given in each of the document's languages, as it prints it
    ("Cyd-ddiffinio / Co-definition"; once when both say the same)."""
    return " / ".join(dict.fromkeys(labels))


def charts(audit: Coverage, language: str | None = None) -> tuple[Chart, ...]:
    """The audit's five charts, titled and described in ``language``."""
    tr = _tr(language)
    shown = _document(language)
    stages = tuple(
        _in_each([stage.short_in(lang.value) for lang in shown.languages]) for stage in PolicyStage
    )
    issues = tuple(float(audit.issues_by_stage.get(s, 0)) for s in PolicyStage)
    days = tuple(float(audit.median_days.get(s) or 0) for s in PolicyStage)
    wards = list(audit.issues_by_ward)
    if len(wards) > MOST_WARDS:
        rest = sum(n for _w, n in wards[MOST_WARDS - 1 :])
        wards = [*wards[: MOST_WARDS - 1], (tr.gettext("Other wards"), rest)]
    ward_names = tuple(w if w is not None else tr.gettext("No ward") for w, _n in wards)
    months = tuple(
        _in_each([short_date(f.month, lang).split(" ", 1)[1] for lang in shown.languages])
        for f in audit.flow
    )
    closed, late = audit.closed_in_time, audit.closable - audit.closed_in_time
    made = (
        Chart(
            tr.gettext("Issues in each stage"),
            stages,
            ((tr.gettext("Issues"), issues),),
        ),
        Chart(
            tr.gettext("Median days spent in each stage"),
            stages,
            ((tr.gettext("Days"), days),),
        ),
        Chart(
            tr.gettext("Issues raised per ward"),
            ward_names,
            ((tr.gettext("Issues"), tuple(float(n) for _w, n in wards)),),
        ),
        Chart(
            tr.gettext("Responses given and issues resolved, per month"),
            months,
            (
                (tr.gettext("Responses given"), tuple(float(f.responses) for f in audit.flow)),
                (tr.gettext("Issues resolved"), tuple(float(f.resolved) for f in audit.flow)),
            ),
        ),
        Chart(
            tr.ngettext(
                "Loop closed within {days} days: {closed} of {n} issue ({share}%)",
                "Loop closed within {days} days: {closed} of {n} issues ({share}%)",
                audit.closable,
            ).format(
                days=LOOP_DAYS,
                closed=closed,
                n=audit.closable,
                share=round(100 * closed / audit.closable) if audit.closable else 0,
            ),
            (
                tr.gettext("Within {days} days").format(days=LOOP_DAYS),
                tr.gettext("Later or not yet"),
            ),
            ((tr.gettext("Issues"), (float(closed), float(late))),),
        ),
    )
    return tuple(_described(tr, chart) for chart in made)


def _described(tr: NullTranslations, chart: Chart) -> Chart:
    """The chart with a description a screen reader can say: every bar's value."""
    if not chart.categories:
        text = tr.gettext("{title}: no data in this period.").format(title=chart.title)
    else:
        parts = []
        for name, values in chart.series:
            bars = ", ".join(
                f"{category} {_number(value)}"
                for category, value in zip(chart.categories, values, strict=True)
            )
            parts.append(f"{name}: {bars}" if len(chart.series) > 1 else bars)
        text = f"{chart.title}. " + "; ".join(parts) + "."
    return Chart(chart.title, chart.categories, chart.series, text)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
