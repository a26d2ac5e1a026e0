"""The scrutiny review's published report: who was co-opted onto it (named only with
consent), its evidence sessions, and its recommendations with the executive's responses
and the dates they were due."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import CondPageBreak, Flowable, Paragraph
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import preferences
from forumdesk.core.engagements import scrutiny
from forumdesk.db.models import Engagement, Forum
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.engagements import ParticipantInfo
from forumdesk.domain.language import Language, day_month_year, short_date
from forumdesk.domain.records import MeetingInfo
from forumdesk.domain.scrutiny import Recommendation
from forumdesk.reports import fonts, styles
from forumdesk.reports.feedback import HEADING_ROOM
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = 210 * 72 / 25.4 - 2 * styles.MARGIN  # A4 portrait, between the margins


def pdf(session: Session, row: Engagement, today: date) -> bytes:
    """The report as PDF bytes, in the document language, as it stands on ``today``."""
    fonts.register()
    language = preferences.document_language(session)
    tr = DocumentText.of(language)
    council = preferences.get_setting(session, settings.COUNCIL_NAME.key)
    forum = session.get(Forum, row.forum_id) if row.forum_id is not None else None
    people = scrutiny.members(session, row.id)
    held = scrutiny.sessions(session, row.id)
    made = scrutiny.recommendations(session, row.id, today)
    where = forum.name if forum else tr.gettext("Council-wide")
    title = tr.gettext("Scrutiny review: {title}").format(title=row.title)
    story: list[Flowable] = [
        Paragraph(text(council), styles.COUNCIL),
        Paragraph(text(title), styles.TITLE),
        Paragraph(
            text(" · ".join(p for p in (row.committee, where) if p)),
            styles.SUBTITLE,
        ),
    ]
    if row.wording:
        story.append(Paragraph(text(tr.gettext("Remit")), styles.HEADING))
        story.append(Paragraph(text(row.wording), styles.PLAIN))
    story.append(Paragraph(text(_summary(people, held, made, tr)), styles.PLAIN))
    story += _members(people, tr, language)
    story += _sessions(held, tr, language)
    story += _recommendations(made, tr, language)
    decor = PageDecor(
        header=tr.gettext("{reference} · made on {date}").format(
            reference=row.reference, date=day_month_year(today, language)
        ),
        footer=f"{council} · {title}",
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=title,
        author=council,
        subject=tr.gettext("Scrutiny review: membership, evidence and recommendations"),
        lang=language.tag,
    )


def _summary(
    people: list[ParticipantInfo],
    held: list[MeetingInfo],
    made: list[Recommendation],
    tr: DocumentText,
) -> str:
    voting = sum(1 for p in people if p.voting)
    answered = sum(1 for r in made if not r.awaiting)
    late = sum(1 for r in made if r.overdue)
    parts = [
        tr.ngettext(
            "{n} co-opted resident ({voting} voting)",
            "{n} co-opted residents ({voting} voting)",
            len(people),
        ).format(n=len(people), voting=voting),
        tr.ngettext("{n} evidence session", "{n} evidence sessions", len(held)).format(n=len(held)),
        tr.ngettext("{n} recommendation", "{n} recommendations", len(made)).format(n=len(made)),
        tr.ngettext(
            "{n} answered by the executive", "{n} answered by the executive", answered
        ).format(n=answered),
    ]
    if late:
        parts.append(
            tr.ngettext("{n} response overdue", "{n} responses overdue", late).format(n=late)
        )
    return "; ".join(parts) + "."


def _heading(words: str) -> list[Flowable]:
    return [CondPageBreak(HEADING_ROOM), Paragraph(text(words), styles.HEADING)]


def _members(
    people: list[ParticipantInfo], tr: DocumentText, language: Language | DocumentText
) -> list[Flowable]:
    story = _heading(tr.gettext("Co-opted residents"))
    if not people:
        story.append(Paragraph(text(tr.gettext("No resident has been co-opted.")), styles.PLAIN))
        return story
    rows = []
    for person in people:
        named = bool(person.name)
        rows.append(
            [
                person.name if named else tr.gettext("A co-opted resident (not named)"),
                tr.gettext("Voting") if person.voting else tr.gettext("Non-voting"),
                _term(person, tr, language),
                # A member who is not named is not made known through their interests.
                (person.interests or tr.gettext("None declared"))
                if named
                else tr.gettext("Kept by the council"),
            ]
        )
    story += table(
        [tr.gettext("Member"), tr.gettext("Vote"), tr.gettext("Term"), tr.gettext("Interests")],
        rows,
        [0.31 * WIDTH, 0.12 * WIDTH, 0.28 * WIDTH, 0.29 * WIDTH],
    )
    return story


def _term(person: ParticipantInfo, tr: DocumentText, language: Language | DocumentText) -> str:
    start = short_date(person.term_from, language) if person.term_from else None
    end = short_date(person.term_to, language) if person.term_to else None
    if start and end:
        return tr.gettext("{start} to {end}").format(start=start, end=end)
    if start:
        return tr.gettext("from {start}").format(start=start)
    if end:
        return tr.gettext("until {end}").format(end=end)
    return tr.gettext("Not set")


def _sessions(
    held: list[MeetingInfo], tr: DocumentText, language: Language | DocumentText
) -> list[Flowable]:
    story = _heading(tr.gettext("Evidence sessions"))
    if not held:
        story.append(Paragraph(text(tr.gettext("No evidence session is recorded.")), styles.PLAIN))
        return story
    story += table(
        [tr.gettext("Date"), tr.gettext("Session"), tr.gettext("Venue")],
        [
            [
                day_month_year(m.date, language),
                m.title or tr.gettext("Evidence session"),
                m.venue or "",
            ]
            for m in held
        ],
        [0.22 * WIDTH, 0.46 * WIDTH, 0.32 * WIDTH],
    )
    return story


def _recommendations(
    made: list[Recommendation], tr: DocumentText, language: Language | DocumentText
) -> list[Flowable]:
    story = _heading(tr.gettext("Recommendations and the executive's responses"))
    if not made:
        story.append(Paragraph(text(tr.gettext("No recommendation is recorded.")), styles.PLAIN))
        return story
    rows = []
    for item in made:
        due = short_date(item.response_due, language) if item.response_due else "—"
        if item.responded_on is not None and not item.awaiting:
            said = tr.gettext("{date}: {response}").format(
                date=short_date(item.responded_on, language), response=item.response or ""
            )
        elif item.overdue:
            said = tr.gettext("Overdue: no response yet.")
        else:
            said = tr.gettext("Awaited.")
        rows.append([item.reference, item.title, item.stage.short_in(language.value), due, said])
    story += table(
        [
            tr.gettext("Reference"),
            tr.gettext("Recommendation"),
            tr.gettext("Stage"),
            tr.gettext("Response due"),
            tr.gettext("The executive's response"),
        ],
        rows,
        [0.12 * WIDTH, 0.28 * WIDTH, 0.16 * WIDTH, 0.13 * WIDTH, 0.31 * WIDTH],
    )
    return story
