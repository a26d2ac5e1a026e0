"""The minutes document: one function per section, from a snapshot to flowables.

A snapshot is the plain data of forumdesk.core.minutes.minutes_snapshot; this module
never reads the database, so an approved version's PDF comes out the same every time.

An approved version is laid out as it was when it was approved, so that the PDF
exported then still verifies. Snapshots of format 1 keep the first layout: the chair
also listed among the councillors, "SHA-256" in the footer, a fixed "Due" column,
and a signature block that could be pushed onto a page of its own. From format 2 the
chair is named once, the footer says "Content hash", the "Due" column fits its
longest date, and the signature shares its page with the end of the minutes.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
)

from forumdesk.domain.language import Language, long_date
from forumdesk.paths import resources_dir
from forumdesk.reports import fonts, styles
from forumdesk.reports.keep import EndWith
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

CONTENT_WIDTH = A4[0] - 2 * styles.MARGIN
CONTENT_HEIGHT = A4[1] - 2 * styles.MARGIN
#: The footer's label for the SHA-256 of the sealed content (not of the PDF file).
HASH_LABEL = "Content hash"
FIRST_HASH_LABEL = "SHA-256"  # the footer of format 1


def render_minutes(
    content: dict[str, Any],
    *,
    version: int | None = None,
    content_hash: str | None = None,
    approval: dict[str, Any] | None = None,
) -> bytes:
    """The PDF of a meeting's minutes: a draft, or (with version and hash) an approved one.

    Args:
        approval: for an approved version, "by" (who approved), "at" (when, a datetime:
            the document's creation date) and optionally "agreed_at" (the meeting that
            agreed them). A draft states the meeting's date as its creation date.
    """
    fonts.register()  # before any Paragraph is made: they look their fonts up at once
    meeting, forum = content["meeting"], content["forum"]
    first_layout = content["format"] < 2
    language = Language(content.get("language", Language.ENGLISH.value))
    day = _long_date(meeting["date"], language)
    if version is None:
        footer = "Draft minutes: not yet approved"
    else:
        label = FIRST_HASH_LABEL if first_layout else HASH_LABEL
        footer = f"Minutes version {version} · {label} {content_hash}"
    story: list[Flowable] = []
    for section in (
        _heading(content, language),
        _present(content["attendance"], meeting, first_layout),
        _items(content["items"], language),
        _issues(content),
        _actions(content, language, first_layout),
    ):
        story.extend(section)
    block = _signature(approval, language)
    if first_layout:
        story.append(KeepTogether(block))
    else:
        story = _end_with(story, block)
    decor = PageDecor(header=f"{forum['name']} · {day}", footer=footer, draft=version is None)
    created: date | datetime = approval["at"] if approval else date.fromisoformat(meeting["date"])
    return build_pdf(
        story,
        decor,
        title=f"Minutes: {forum['name']}, {day}",
        author=content["council"],
        subject=f"Minutes of the {meeting['format'].lower()} of {forum['name']} on {day}",
        lang=language.tag,
        created=created,
    )


def heading(title: str) -> list[Flowable]:
    """A section heading that never ends a page alone (tables after it may split)."""
    return [CondPageBreak(35 * mm), Paragraph(text(title), styles.HEADING)]


def _long_date(iso: str, language: Language) -> str:
    return long_date(date.fromisoformat(iso), language)


def _heading(content: dict[str, Any], language: Language) -> list[Flowable]:
    meeting = content["meeting"]
    logo = content.get("logo")  # base64 of the council's own logo, else the neutral one
    picture: Any = (
        BytesIO(base64.b64decode(logo))
        if logo
        else str(resources_dir() / "images" / "council-logo.png")
    )
    venue = f" at {text(meeting['venue'])}" if meeting["venue"] else ""
    times = " to ".join(t for t in (meeting["start"], meeting["end"]) if t)
    parts: list[Flowable] = [
        Image(picture, width=18 * mm, height=18 * mm, kind="proportional"),
        Paragraph(text(content["council"]), styles.COUNCIL),
        Paragraph(text(content["forum"]["name"]), styles.FORUM),
        Paragraph(
            f"Minutes of the {text(meeting['format'].lower())} held on "
            f"{_long_date(meeting['date'], language)}{venue}",
            styles.TITLE,
        ),
    ]
    subtitle = " · ".join(
        p for p in (text(meeting["title"]) if meeting["title"] else "", times) if p
    )
    parts.append(Paragraph(subtitle or "&nbsp;", styles.SUBTITLE))
    return parts


def _names(values: list[str]) -> str:
    return ", ".join(text(v) for v in values)


def _present(people: dict[str, Any], meeting: dict[str, Any], first_layout: bool) -> list[Flowable]:
    lines = []
    chair = meeting["chair"]
    if chair:
        lines.append(f"<b>Chair:</b> {text(chair)}")

    def present(key: str) -> list[str]:  # the chair is named once, on the Chair line
        names = people[key]
        return names if first_layout or not chair else [n for n in names if n != chair]

    for label, key in (
        ("Councillors", "councillors"),
        ("Officers", "officers"),
        ("Partners", "partners"),
    ):
        if present(key):
            lines.append(f"<b>{label}:</b> {_names(present(key))}")
    named, others = present("residents"), people["other_residents"]
    if named or others:
        count = f"{others} resident{'s' if others != 1 else ''}"
        residents = (
            f"{_names(named)} and {count}"
            if named and others
            else (_names(named) if named else count)
        )
        lines.append(f"<b>Residents:</b> {residents}")
    if meeting["clerk"] or meeting["facilitator"]:
        support = [
            f"{text(meeting['facilitator'])} (facilitator)" if meeting["facilitator"] else "",
            f"{text(meeting['clerk'])} (clerk)" if meeting["clerk"] else "",
        ]
        lines.append(f"<b>In attendance:</b> {', '.join(s for s in support if s)}")
    if not lines:
        lines.append("No attendance was recorded.")
    flow: list[Flowable] = [*heading("Present")]
    flow += [Paragraph(line, styles.PLAIN) for line in lines]
    if people["apologies"]:
        flow += [
            *heading("Apologies"),
            Paragraph(_names(people["apologies"]), styles.PLAIN),
        ]
    if people["left_early"]:
        flow += [
            *heading("Left early"),
            Paragraph(_names(people["left_early"]), styles.PLAIN),
        ]
    return flow


def _outcome_text(outcome: dict[str, Any], language: Language) -> str:
    kind, body = outcome["kind"], text(outcome["text"])
    if kind == "decision":
        return f"<b>RESOLVED:</b> {body}"
    if kind == "action":
        who = [
            f"Owner: {text(outcome['owner'])}" if outcome.get("owner") else "",
            f"due {_long_date(outcome['due'], language)}" if outcome.get("due") else "",
        ]
        extra = ", ".join(w for w in who if w)
        return f"<b>ACTION:</b> {body}" + (f" ({extra})" if extra else "")
    return body


def _items(items: list[dict[str, Any]], language: Language) -> list[Flowable]:
    flow: list[Flowable] = heading("Minutes")
    if not items:
        return [*flow, Paragraph("The meeting had no agenda items.", styles.PLAIN)]
    for item in items:
        number = item["number"]
        presenter = f" ({text(item['presenter'])})" if item["presenter"] else ""
        block: list[Flowable] = [
            Paragraph(
                f"{number}.<tab/>{text(item['title'])}{presenter}".replace("<tab/>", "&nbsp;" * 3),
                styles.ITEM,
            )
        ]
        if item["notes"]:
            block.append(Paragraph(text(item["notes"]), styles.BODY))
        outcomes = item["outcomes"]
        for index, outcome in enumerate(outcomes, start=1):
            prefix = f"{number}.{index}&nbsp;&nbsp;" if len(outcomes) > 1 else ""
            block.append(Paragraph(prefix + _outcome_text(outcome, language), styles.OUTCOME))
        if not item["notes"] and not outcomes:
            block.append(Paragraph("Not discussed.", styles.BODY))
        flow.append(_Item(block) if len(block) < 8 else block[0])
        if len(block) >= 8:
            flow.extend(block[1:])
    return flow


class _Item(KeepTogether):
    """A minute item kept on one page: its title, notes and outcomes."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__(parts)
        self.parts = parts


def _issues(content: dict[str, Any]) -> list[Flowable]:
    if "issues_raised" not in content:
        return []
    raised, moves = content["issues_raised"], content["stage_moves"]
    flow: list[Flowable] = heading("Issues raised at the meeting")
    if raised:
        w = CONTENT_WIDTH
        flow += table(
            ["Reference", "Title", "Ward or place", "Policy stage", "Status"],
            [(i["reference"], i["title"], i["where"], i["stage"], i["status"]) for i in raised],
            [0.13 * w, 0.37 * w, 0.17 * w, 0.2 * w, 0.13 * w],
        )
    else:
        flow.append(Paragraph("No issues were raised.", styles.PLAIN))
    if moves:
        w = CONTENT_WIDTH
        flow += heading("Issues moved to another stage at this meeting")
        flow += table(
            ["Reference", "Title", "From", "To", "Note"],
            [(m["reference"], m["title"], m["from"], m["to"], m["note"]) for m in moves],
            [0.12 * w, 0.27 * w, 0.195 * w, 0.195 * w, 0.22 * w],
        )
    return flow


def _actions(content: dict[str, Any], language: Language, first_layout: bool) -> list[Flowable]:
    if "actions" not in content:
        return []
    found = content["actions"]
    flow: list[Flowable] = heading("Actions")
    if not found:
        return [*flow, Paragraph("No actions are open or were agreed.", styles.PLAIN)]
    w = CONTENT_WIDTH
    rows = [
        (
            a["description"] + (" (carried forward)" if a["carried"] else ""),
            a["owner"],
            _long_date(a["due"], language) if a["due"] else "",
            a["status"],
        )
        for a in found
    ]
    if first_layout:
        due = 0.2 * w
    else:  # wide enough that no date wraps ("Wednesday 30 September 2026")
        due = max(stringWidth(r[2], styles.CELL.fontName, styles.CELL.fontSize) for r in rows)
        due = max(due + 2 * _CELL_PADDING + 1, 0.12 * w)
    return flow + table(
        ["Action", "Owner", "Due", "Status"],
        rows,
        [0.88 * w - 0.18 * w - due, 0.18 * w, due, 0.12 * w],
    )


_CELL_PADDING = 3  # the table style's LEFTPADDING and RIGHTPADDING


def _signature(approval: dict[str, Any] | None, language: Language) -> list[Flowable]:
    flow: list[Flowable] = [
        Spacer(1, 10 * mm),
        Paragraph(
            "Signed ……………………………………………… Chair&nbsp;&nbsp;&nbsp;&nbsp;Date ……………………………",
            styles.SIGNATURE,
        ),
    ]
    if approval:
        said = f"Approved by {text(approval['by'])}" if approval.get("by") else "Approved"
        said += f" on {long_date(approval['at'].date(), language)}"
        if approval.get("agreed_at"):
            said += f"; agreed as a true record at the meeting of {text(approval['agreed_at'])}"
        flow.append(Paragraph(said + ".", styles.SMALL))
    return flow


def _end_with(story: list[Flowable], block: list[Flowable]) -> list[Flowable]:
    """The story with the block kept on one page with its last content (see keep.EndWith).

    That content is the last table or paragraph, or the last minute item whole, or a
    section's heading with its one line ("No actions are open or were agreed.").
    """
    *before, last = story
    body = [last]
    if isinstance(last, _Item):
        body = last.parts
    elif (
        isinstance(last, Paragraph)
        and before
        and isinstance(before[-1], Paragraph)
        and before[-1].style is styles.HEADING
    ):
        body = [before.pop(), last]
    return [*before, EndWith(body, block, CONTENT_HEIGHT)]
