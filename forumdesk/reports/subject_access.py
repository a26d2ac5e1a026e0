"""A subject access answer: everything this desk holds about one person, as PDF or JSON.

What is held comes from :func:`forumdesk.core.people.subject_access`: the person's
sign-ins (with consents and their dates), names and contact details, the issues they
raised, the forums they took part in, the exports that carried their data and the imports
that brought it here.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, Paragraph

from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.language import Language, day_month_year, local_moment
from forumdesk.domain.people import SubjectAccess
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = A4[0] - 2 * styles.MARGIN


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def subject_access_json(access: SubjectAccess) -> bytes:
    """The answer as JSON (UTF-8), for a person who asks for it in a machine-readable form."""
    held = access.detail
    document: dict[str, Any] = {
        "subject_access": {  # i18n: not text
            "desk": {"uuid": access.desk_uuid, "name": access.desk_name},
            "made_at": _moment(access.made_at),
            "person": held.entry.key,
            "uuid": held.entry.uuid,
            "erased_at": _moment(held.entry.erased_at),
        },
        "names": list(held.names),
        "contact_details": list(held.contacts),
        "sign_ins": [
            {
                "uuid": s.uuid,
                "meeting": s.meeting,
                "forum": s.forum_name,
                "date": s.meeting_date.isoformat(),
                "meeting_format": s.meeting_format.value,
                "role": s.role.value,
                "presence": s.presence.value,
                "name": s.name,
                "contact": s.contact,
                "consent_named": s.consent_named,
                "consent_named_at": _moment(s.consent_named_at),
                "consent_contact": s.consent_contact,
                "consent_contact_at": _moment(s.consent_contact_at),
            }
            for s in held.sign_ins
        ],
        "issues_raised": [
            {
                "reference": i.reference,
                "title": i.title,
                "forum": i.forum_code,
                "meeting": i.meeting,
            }
            for i in held.issues
        ],
        "engagements": [
            {
                "forum": e.forum_code,
                "forum_name": e.forum_name,
                "meetings": e.meetings,
                "first": e.first.isoformat(),
                "last": e.last.isoformat(),
                "roles": [r.value for r in e.roles],
            }
            for e in held.engagements
        ],
        "engagement_participation": [
            {
                "uuid": p.uuid,
                "engagement": p.reference,
                "title": p.title,
                "kind": p.kind.value,
                "role": p.role.value,
                "name": p.name,
                "contact": p.contact,
                "interests": p.interests,
                "consent_named": p.consent_named,
                "consent_named_at": _moment(p.consent_named_at),
                "consent_contact": p.consent_contact,
                "consent_contact_at": _moment(p.consent_contact_at),
            }
            for p in held.taking_part
        ],
        "offers": [
            {
                "uuid": o.uuid,
                "kind": o.kind.value,
                "description": o.description,
                "status": o.status.value,
                "offered_on": None if o.offered_on is None else o.offered_on.isoformat(),
                "name": o.name,
                "contact": o.contact,
                "consent_named": o.consent_named,
                "consent_named_at": _moment(o.consent_named_at),
                "consent_contact": o.consent_contact,
                "consent_contact_at": _moment(o.consent_contact_at),
            }
            for o in held.offers
        ],
        "sent": [
            {"export_id": s.export_id, "at": _moment(s.at), "sign_ins": list(s.sign_ins)}
            for s in access.sent
        ],
        "received": [
            {
                "export_id": r.export_id,
                "at": _moment(r.at),
                "desk_uuid": r.desk_uuid,
                "desk_name": r.desk_name,
                "sign_ins": list(r.sign_ins),
            }
            for r in access.received
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_subject_access(
    access: SubjectAccess, *, council: str, language: Language | DocumentText = Language.ENGLISH
) -> bytes:
    """The answer as a PDF in the document language: a page or two a resident can read."""
    fonts.register()
    tr = DocumentText.of(language)
    code = language.value
    held = access.detail
    width = WIDTH

    def day(value: datetime | None) -> str:
        if value is None:
            return ""
        return day_month_year(local_moment(value).date(), language)

    def consent(given: bool, at: datetime | None) -> str:
        if not given:
            return tr.gettext("No")
        if at is None:
            return tr.gettext("Yes (date not recorded)")
        return tr.gettext("Yes, given on {date}").format(date=day(at))

    made = day_month_year(local_moment(access.made_at).date(), language)
    story: list[Flowable] = [
        Paragraph(text(council), styles.COUNCIL),
        Paragraph(tr.gettext("Personal data held about a person"), styles.TITLE),
        Paragraph(
            text(
                tr.gettext("Person {person} · desk {desk} · made on {date}").format(
                    person=held.entry.key, desk=access.desk_name, date=made
                )
            ),
            styles.SUBTITLE,
        ),
        Paragraph(
            text(
                tr.gettext(
                    "This is everything this ForumDesk desk holds about the person: each time "
                    "they signed in at a meeting, the consents they gave and when, their name "
                    "and contact details, the issues they raised, the forums and engagements "
                    "they took part in, the help they offered, and the other desks their "
                    "details were sent to or came from."
                )
            ),
            styles.PLAIN,
        ),
    ]
    if held.entry.erased_at is not None:
        story.append(
            Paragraph(
                text(
                    tr.gettext(
                        "Their name and contact details were erased on {date}: they are no "
                        "longer held."
                    ).format(date=day(held.entry.erased_at))
                ),
                styles.PLAIN,
            )
        )

    def section(title: str, flowables: list[Flowable], empty: str) -> None:
        story.append(Paragraph(text(title), styles.HEADING))
        story.extend(flowables or [Paragraph(text(empty), styles.PLAIN)])

    section(
        tr.gettext("Names and contact details"),
        [
            Paragraph(text(line), styles.PLAIN)
            for line in [
                *(tr.gettext("Name: {name}").format(name=n) for n in held.names),
                *(tr.gettext("Contact: {contact}").format(contact=c) for c in held.contacts),
            ]
        ],
        tr.gettext("No name or contact details are held."),
    )
    section(
        tr.gettext("Meetings signed in at"),
        table(
            [
                tr.gettext("Meeting"),
                tr.gettext("Role"),
                tr.gettext("Presence"),
                tr.gettext("Name"),
                tr.gettext("Contact"),
                tr.gettext("Consent to be named"),
                tr.gettext("Consent to be contacted"),
            ],
            [
                (
                    f"{s.forum_name}, {day_month_year(s.meeting_date, language)}",
                    s.role.label_in(code),
                    s.presence.label_in(code),
                    s.name or "",
                    s.contact or "",
                    tr.gettext("Not needed: a public role")
                    if s.role.is_public
                    else consent(s.consent_named, s.consent_named_at),
                    consent(s.consent_contact, s.consent_contact_at),
                )
                for s in held.sign_ins
            ],
            [w * width for w in (0.18, 0.12, 0.14, 0.13, 0.13, 0.15, 0.15)],
        ),
        tr.gettext("No sign-ins are held."),
    )
    section(
        tr.gettext("Issues raised"),
        table(
            [tr.gettext("Reference"), tr.gettext("Title"), tr.gettext("Raised at")],
            [(i.reference, i.title, i.meeting or "") for i in held.issues],
            [w * width for w in (0.15, 0.6, 0.25)],
        ),
        tr.gettext("They raised no issue that is recorded."),
    )
    section(
        tr.gettext("Forums taken part in"),
        table(
            [tr.gettext("Forum"), tr.gettext("Meetings"), tr.gettext("From"), tr.gettext("To")],
            [
                (
                    f"{e.forum_name} ({e.forum_code})",
                    str(e.meetings),
                    day_month_year(e.first, language),
                    day_month_year(e.last, language),
                )
                for e in held.engagements
            ],
            [w * width for w in (0.46, 0.14, 0.2, 0.2)],
        ),
        tr.gettext("None."),
    )
    section(
        tr.gettext("Engagements taken part in"),
        table(
            [
                tr.gettext("Engagement"),
                tr.gettext("Role"),
                tr.gettext("Name"),
                tr.gettext("Contact"),
                tr.gettext("Register of interests"),
                tr.gettext("Consent to be named"),
                tr.gettext("Consent to be contacted"),
            ],
            [
                (
                    f"{p.reference} {p.title}",
                    p.role.label_in(code),
                    p.name or "",
                    p.contact or "",
                    p.interests or "",
                    consent(p.consent_named, p.consent_named_at),
                    consent(p.consent_contact, p.consent_contact_at),
                )
                for p in held.taking_part
            ],
            [w * width for w in (0.2, 0.12, 0.13, 0.13, 0.12, 0.15, 0.15)],
        ),
        tr.gettext("None."),
    )
    section(
        tr.gettext("Offers of help"),
        table(
            [
                tr.gettext("Offer"),
                tr.gettext("Status"),
                tr.gettext("Name"),
                tr.gettext("Contact"),
                tr.gettext("Consent to be named"),
                tr.gettext("Consent to be contacted"),
            ],
            [
                (
                    f"{o.kind.label_in(code)}: {o.description}",
                    o.status.label_in(code),
                    o.name or "",
                    o.contact or "",
                    consent(o.consent_named, o.consent_named_at),
                    consent(o.consent_contact, o.consent_contact_at),
                )
                for o in held.offers
            ],
            [w * width for w in (0.3, 0.12, 0.13, 0.15, 0.15, 0.15)],
        ),
        tr.gettext("None."),
    )
    section(
        tr.gettext("Sent to other desks"),
        table(
            [tr.gettext("Date"), tr.gettext("Export"), tr.gettext("What it carried")],
            [(day(s.at), s.export_id, ", ".join(s.sign_ins)) for s in access.sent],
            [w * width for w in (0.2, 0.45, 0.35)],
        ),
        tr.gettext("No export from this desk carried their name or contact details."),
    )
    section(
        tr.gettext("Received from other desks"),
        table(
            [
                tr.gettext("Date"),
                tr.gettext("From desk"),
                tr.gettext("Export"),
                tr.gettext("Sign-ins it brought"),
            ],
            [
                (day(r.at), r.desk_name or r.desk_uuid, r.export_id, ", ".join(r.sign_ins))
                for r in access.received
            ],
            [w * width for w in (0.16, 0.2, 0.38, 0.26)],
        ),
        tr.gettext("Their details were recorded on this desk, not received from another."),
    )
    title = tr.gettext("Personal data held about a person")
    decor = PageDecor(
        header=tr.gettext("Subject access · {date}").format(date=made),
        footer=f"{council} · {access.desk_name}",
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=title,
        author=council,
        subject=tr.gettext("Person {person}").format(person=held.entry.key),
        lang=language.tag,
    )
