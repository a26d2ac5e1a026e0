"""The minutes document: one function per section, from a snapshot to flowables.

A snapshot is the plain data of forumdesk.core.minutes.minutes_snapshot; this module
never reads the database, so an approved version's PDF comes out the same every time.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from io import BytesIO
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Image, KeepTogether, Paragraph, Spacer

from forumdesk.domain.language import Language, long_date
from forumdesk.paths import resources_dir
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

CONTENT_WIDTH = 210 * mm - 2 * styles.MARGIN


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
    language = Language(content.get("language", Language.ENGLISH.value))
    day = _long_date(meeting["date"], language)
    if version is None:
        footer = "Draft minutes: not yet approved"
    else:
        footer = f"Minutes version {version} · SHA-256 {content_hash}"
    story: list[Flowable] = []
    for section in (
        _heading(content, language),
        _present(content["attendance"], meeting),
        _items(content["items"], language),
        _issues(content),
        _actions(content, language),
        _signature(approval, language),
    ):
        story.extend(section)
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


def _present(people: dict[str, Any], meeting: dict[str, Any]) -> list[Flowable]:
    lines = []
    if meeting["chair"]:
        lines.append(f"<b>Chair:</b> {text(meeting['chair'])}")
    for label, key in (
        ("Councillors", "councillors"),
        ("Officers", "officers"),
        ("Partners", "partners"),
    ):
        if people[key]:
            lines.append(f"<b>{label}:</b> {_names(people[key])}")
    named, others = people["residents"], people["other_residents"]
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
        flow.append(KeepTogether(block) if len(block) < 8 else block[0])
        if len(block) >= 8:
            flow.extend(block[1:])
    return flow


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


def _actions(content: dict[str, Any], language: Language) -> list[Flowable]:
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
    return flow + table(
        ["Action", "Owner", "Due", "Status"], rows, [0.5 * w, 0.18 * w, 0.2 * w, 0.12 * w]
    )


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
    return [KeepTogether(flow)]
