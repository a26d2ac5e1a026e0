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

from forumdesk.bilingual import SEPARATOR
from forumdesk.core.engagements import decisions
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.enums import DecisionMethod
from forumdesk.i18n import N_
from forumdesk.paths import resources_dir
from forumdesk.reports import fonts, styles, wording
from forumdesk.reports.keep import EndWith
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

CONTENT_WIDTH = A4[0] - 2 * styles.MARGIN
CONTENT_HEIGHT = A4[1] - 2 * styles.MARGIN
#: The footer's label for the SHA-256 of the sealed content (not of the PDF file).
HASH_LABEL = N_("Content hash")
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
    tr = DocumentText.recorded(content)  # the minutes' own language, whatever the interface's
    day = _long_date(meeting["date"], tr)
    if version is None:
        footer = tr.gettext("Draft minutes: not yet approved")
    else:
        footer = "\n".join(  # a line per language: the hash fits no merged line
            one.gettext("Minutes version {version} · {label} {hash}").format(
                version=version,
                label=FIRST_HASH_LABEL if first_layout else one.gettext(HASH_LABEL),
                hash=content_hash,
            )
            for one in tr.alone()
        )
    story: list[Flowable] = []
    for section in (
        _heading(content, tr),
        _present(content["attendance"], meeting, first_layout, tr),
        _items(content["items"], tr),
        _issues(content, tr),
        _actions(content, tr, first_layout),
        _offers(content.get("offers") or [], tr),
    ):
        story.extend(section)
    block = _signature(approval, tr)
    if first_layout:
        story.append(KeepTogether(block))
    else:
        story = _end_with(story, block)
    decor = PageDecor(
        header=f"{forum['name']} · {day}", footer=footer, draft=version is None, language=tr
    )
    created: date | datetime = approval["at"] if approval else date.fromisoformat(meeting["date"])
    return build_pdf(
        story,
        decor,
        title=tr.gettext("Minutes: {forum}, {date}").format(forum=forum["name"], date=day),
        author=content["council"],
        subject=tr.gettext("Minutes of the {format} of {forum} on {date}").format(
            format=meeting.get("kind") or meeting["format"].lower(), forum=forum["name"], date=day
        ),
        lang=tr.tag,
        created=created,
    )


def heading(title: str) -> list[Flowable]:
    """A section heading that never ends a page alone (tables after it may split)."""
    return [CondPageBreak(35 * mm), Paragraph(text(title), styles.HEADING)]


def _long_date(iso: str, tr: DocumentText) -> str:
    return tr.long_date(date.fromisoformat(iso))


def _heading(content: dict[str, Any], tr: DocumentText) -> list[Flowable]:
    meeting = content["meeting"]
    logo = content.get("logo")  # base64 of the council's own logo, else the neutral one
    picture: Any = (
        BytesIO(base64.b64decode(logo))
        if logo
        else str(resources_dir() / "images" / "council-logo.png")
    )
    start, end = meeting["start"], meeting["end"]
    times = tr.gettext("{start} to {end}").format(start=start, end=end) if start and end else ""
    times = times or start or end or ""
    held = {
        "format": text(meeting.get("kind") or meeting["format"].lower()),
        "venue": text(meeting["venue"]),
    }
    parts: list[Flowable] = [
        Image(picture, width=18 * mm, height=18 * mm, kind="proportional"),
        Paragraph(text(content["council"]), styles.COUNCIL),
        Paragraph(text(content["forum"]["name"]), styles.FORUM),
        *wording.placed(
            tr,
            [
                (
                    one.gettext("Minutes of the {format} held on {date} at {venue}")
                    if meeting["venue"]
                    else one.gettext("Minutes of the {format} held on {date}")
                ).format(**held, format=kind, date=_long_date(meeting["date"], one))
                for one, kind in zip(tr.alone(), tr.apart(held.pop("format")), strict=True)
            ],
            styles.TITLE,
            markup=True,
        ),
    ]
    subtitle = " · ".join(
        p for p in (text(meeting["title"]) if meeting["title"] else "", times) if p
    )
    parts.append(Paragraph(subtitle or "&nbsp;", styles.SUBTITLE))
    return parts


def _names(values: list[str]) -> str:
    return ", ".join(text(v) for v in values)


def _present(
    people: dict[str, Any], meeting: dict[str, Any], first_layout: bool, tr: DocumentText
) -> list[Flowable]:
    lines = []
    chair = meeting["chair"]
    if chair:
        lines.append(tr.gettext("<b>Chair:</b> {names}").format(names=text(chair)))

    def present(key: str) -> list[str]:  # the chair is named once, on the Chair line
        names = people[key]
        return names if first_layout or not chair else [n for n in names if n != chair]

    for line, key in (
        (N_("<b>Councillors:</b> {names}"), "councillors"),
        (N_("<b>Officers:</b> {names}"), "officers"),
        (N_("<b>Partners:</b> {names}"), "partners"),
    ):
        if present(key):
            lines.append(tr.gettext(line).format(names=_names(present(key))))
    named, others = present("residents"), people["other_residents"]
    if named and others:
        residents = tr.ngettext(
            "{names} and {n} resident", "{names} and {n} residents", others
        ).format(names=_names(named), n=others)
    elif others:
        residents = tr.ngettext("{n} resident", "{n} residents", others).format(n=others)
    else:
        residents = _names(named)
    if residents:
        lines.append(tr.gettext("<b>Residents:</b> {names}").format(names=residents))
    if meeting["clerk"] or meeting["facilitator"]:
        support = [
            tr.gettext("{name} (facilitator)").format(name=text(meeting["facilitator"]))
            if meeting["facilitator"]
            else "",
            tr.gettext("{name} (clerk)").format(name=text(meeting["clerk"]))
            if meeting["clerk"]
            else "",
        ]
        lines.append(
            tr.gettext("<b>In attendance:</b> {names}").format(
                names=", ".join(s for s in support if s)
            )
        )
    if not lines:
        lines.append(tr.gettext("No attendance was recorded."))
    flow: list[Flowable] = [*wording.heading(tr, N_("Present"))]
    flow += [Paragraph(line, styles.PLAIN) for line in lines]
    if people["apologies"]:
        flow += [
            *wording.heading(tr, N_("Apologies")),
            Paragraph(_names(people["apologies"]), styles.PLAIN),
        ]
    if people["left_early"]:
        flow += [
            *wording.heading(tr, N_("Left early")),
            Paragraph(_names(people["left_early"]), styles.PLAIN),
        ]
    return flow


def _decided_by(outcome: dict[str, Any], tr: DocumentText) -> str | None:
    """How a decision was made, as the minutes say it under the decision."""
    method = outcome.get("decided_by")
    if not method:
        return None
    votes = outcome.get("votes") or [None, None, None]
    method = DecisionMethod(method)  # type: ignore[call-arg]  # the member of this value
    return decisions.evidence(method, *votes, language=tr.value)


def _outcome_text(outcome: dict[str, Any], tr: DocumentText) -> str:
    kind, body = outcome["kind"], text(outcome["text"])
    if kind == "decision":
        said = tr.gettext("<b>RESOLVED:</b> {text}").format(text=body)
        how = _decided_by(outcome, tr)
        return f"{said}<br/>{text(how)}" if how else said
    if kind == "action":
        owner, due = outcome.get("owner"), outcome.get("due")
        if owner and due:
            said = tr.gettext("<b>ACTION:</b> {text} (Owner: {owner}, due {date})")
        elif owner:
            said = tr.gettext("<b>ACTION:</b> {text} (Owner: {owner})")
        elif due:
            said = tr.gettext("<b>ACTION:</b> {text} (due {date})")
        else:
            said = tr.gettext("<b>ACTION:</b> {text}")
        return said.format(
            text=body,
            owner=text(owner) if owner else "",
            date=_long_date(due, tr) if due else "",
        )
    return body


def _items(items: list[dict[str, Any]], tr: DocumentText) -> list[Flowable]:
    flow: list[Flowable] = wording.heading(tr, N_("Minutes"))
    if not items:
        return [*flow, Paragraph(tr.gettext("The meeting had no agenda items."), styles.PLAIN)]
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
            block.append(Paragraph(prefix + _outcome_text(outcome, tr), styles.OUTCOME))
        if not item["notes"] and not outcomes:
            block.append(Paragraph(tr.gettext("Not discussed."), styles.BODY))
        flow.append(_Item(block) if len(block) < 8 else block[0])
        if len(block) >= 8:
            flow.extend(block[1:])
    return flow


class _Item(KeepTogether):
    """A minute item kept on one page: its title, notes and outcomes."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__(parts)
        self.parts = parts


def _issues(content: dict[str, Any], tr: DocumentText) -> list[Flowable]:
    if "issues_raised" not in content:
        return []
    raised, moves = content["issues_raised"], content["stage_moves"]
    flow: list[Flowable] = wording.heading(tr, N_("Issues raised at the meeting"))
    if raised:
        w = CONTENT_WIDTH
        flow += table(
            [
                tr.gettext("Reference"),
                tr.gettext("Title"),
                tr.gettext("Ward or place"),
                tr.gettext("Policy stage"),
                tr.gettext("Status"),
            ],
            [(i["reference"], i["title"], i["where"], i["stage"], i["status"]) for i in raised],
            [0.13 * w, 0.37 * w, 0.17 * w, 0.2 * w, 0.13 * w],
        )
    else:
        flow.append(Paragraph(tr.gettext("No issues were raised."), styles.PLAIN))
    flow += _discussed(content.get("issues_discussed") or [], tr)
    if moves:
        w = CONTENT_WIDTH
        flow += wording.heading(tr, N_("Issues moved to another stage at this meeting"))
        flow += table(
            [
                tr.gettext("Reference"),
                tr.gettext("Title"),
                tr.gettext("From"),
                tr.gettext("To"),
                tr.gettext("Note"),
            ],
            [(m["reference"], m["title"], m["from"], m["to"], m["note"]) for m in moves],
            [0.12 * w, 0.27 * w, 0.195 * w, 0.195 * w, 0.22 * w],
        )
    return flow


def _discussed(found: list[dict[str, Any]], tr: DocumentText) -> list[Flowable]:
    """Earlier issues brought to the meeting: what was said, what moved there, and what
    residents were told ("you said, we did"). Minutes approved before there was such a
    section have no "issues_discussed" and show none."""
    if not found:
        return []
    flow: list[Flowable] = wording.heading(tr, N_("Issues discussed"))
    flow.append(
        Paragraph(
            tr.gettext("Issues raised earlier that were brought to this meeting."), styles.PLAIN
        )
    )
    for issue in found:
        block: list[Flowable] = [
            Paragraph(
                f"{text(issue['reference'])}{'&nbsp;' * 3}{text(issue['title'])}", styles.ITEM
            )
        ]
        raised = (
            tr.gettext("Raised at {meeting}.").format(meeting=text(issue["raised_at"]))
            if issue["raised_at"]
            else tr.gettext("Raised on {date}.").format(date=_day(issue["raised_on"], tr))
        )
        block.append(Paragraph(raised, styles.BODY))
        for note in issue["said"]:
            block.append(
                Paragraph(
                    tr.gettext("<b>Discussed:</b> {note}").format(note=text(note)), styles.BODY
                )
            )
        moved = []
        if issue["moved_to"]:
            moved.append(
                tr.gettext("Moved from {old} to {new} at this meeting.").format(
                    old=text(issue["moved_from"]), new=text(issue["moved_to"])
                )
            )
        if issue["status_to"]:
            moved.append(
                tr.gettext("Status changed from {old} to {new} at this meeting.").format(
                    old=text(issue["status_from"]), new=text(issue["status_to"])
                )
            )
        moved.append(
            tr.gettext("Now: {stage}; {status}.").format(
                stage=text(issue["stage"]), status=text(issue["status"]).lower()
            )
        )
        block.append(Paragraph(" ".join(moved), styles.BODY))
        said = text(issue["description"] or issue["title"])
        response = issue["response"]
        block.append(
            Paragraph(tr.gettext("<b>You said:</b> {said}").format(said=said), styles.BODY)
        )
        block.append(
            Paragraph(
                tr.gettext("<b>We did:</b> {response} ({date})").format(
                    response=text(response["text"]), date=_day(response["on"], tr)
                )
                if response
                else tr.gettext("<b>We did:</b> no response to residents is recorded yet."),
                styles.BODY,
            )
        )
        flow.append(KeepTogether(block))
    return flow


def _day(iso: str, tr: DocumentText) -> str:
    return tr.day_month_year(date.fromisoformat(iso))


def _actions(content: dict[str, Any], tr: DocumentText, first_layout: bool) -> list[Flowable]:
    if "actions" not in content:
        return []
    found = content["actions"]
    flow: list[Flowable] = wording.heading(tr, N_("Actions"))
    if not found:
        return [*flow, Paragraph(tr.gettext("No actions are open or were agreed."), styles.PLAIN)]
    w = CONTENT_WIDTH
    rows = [
        (
            tr.gettext("{action} (carried forward)").format(action=a["description"])
            if a["carried"]
            else a["description"],
            a["owner"],
            _long_date(a["due"], tr) if a["due"] else "",
            a["status"],
        )
        for a in found
    ]
    if first_layout:
        due = 0.2 * w
    else:  # wide enough that no date wraps ("Wednesday 30 September 2026"); in two
        # languages, each language's date on a line of its own
        due = max(_widest_line(tr.apart(r[2])) for r in rows)
        due = max(due + 2 * _CELL_PADDING + 1, 0.12 * w)
    return flow + table(
        [tr.gettext("Action"), tr.gettext("Owner"), tr.gettext("Due"), tr.gettext("Status")],
        rows,
        [0.88 * w - 0.18 * w - due, 0.18 * w, due, 0.12 * w],
    )


_CELL_PADDING = 3  # the table style's LEFTPADDING and RIGHTPADDING


def _widest_line(parts: tuple[str, ...]) -> float:
    """The width of the widest of the texts set one under another, each but the last
    ending with the separator that follows it ("Dydd Iau 8 Hydref 2026 /")."""
    lines = [p + SEPARATOR.rstrip() if i < len(parts) - 1 else p for i, p in enumerate(parts)]
    return max(stringWidth(line, styles.CELL.fontName, styles.CELL.fontSize) for line in lines)


def _offers(found: list[dict[str, Any]], tr: DocumentText) -> list[Flowable]:
    """What residents offered at the meeting (time, skills, equipment...), named only
    with their consent. Minutes approved before offers were recorded have none."""
    if not found:
        return []
    w = CONTENT_WIDTH
    return wording.heading(tr, N_("Offers from residents")) + table(
        [tr.gettext("Offer"), tr.gettext("Offered by"), tr.gettext("Status")],
        [
            (
                f"{o['kind']}: {o['description']}"
                + (f"\n{o['delivered']}" if o.get("delivered") else ""),
                o["by"] or tr.gettext("A resident"),
                o["status"],
            )
            for o in found
        ],
        [0.6 * w, 0.25 * w, 0.15 * w],
    )


def _signature(approval: dict[str, Any] | None, tr: DocumentText) -> list[Flowable]:
    flow: list[Flowable] = [
        Spacer(1, 10 * mm),
        *wording.placed(
            tr,
            tr.each(N_("Signed ……………………………………………… Chair&nbsp;&nbsp;&nbsp;&nbsp;Date ……………………………")),
            styles.SIGNATURE,
            markup=True,
            stacked=True,  # a line to sign on, too long for half the page
        ),
    ]
    if approval:
        by, agreed = approval.get("by"), approval.get("agreed_at")
        if by and agreed:
            said = N_(
                "Approved by {name} on {date}; agreed as a true record at the meeting of {meeting}."
            )
        elif by:
            said = N_("Approved by {name} on {date}.")
        elif agreed:
            said = N_("Approved on {date}; agreed as a true record at the meeting of {meeting}.")
        else:
            said = N_("Approved on {date}.")
        flow += wording.placed(
            tr,
            [
                one.gettext(said).format(
                    name=text(by) if by else "",
                    date=one.long_date(approval["at"].date()),
                    meeting=text(agreed) if agreed else "",
                )
                for one in tr.alone()
            ],
            styles.SMALL,
            markup=True,
            stacked=True,
        )
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
