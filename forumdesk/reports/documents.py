"""The documents a clerk or officer asks for: minutes (draft or an approved version), checks.

These take a session like the core services, read through them, and return PDF bytes.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from sqlalchemy.orm import Session

from forumdesk.core import erasure, minutes, preferences
from forumdesk.core.minutes import MinutesOptions, MinutesVersionInfo
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.language import Language, day_month_year
from forumdesk.i18n import _, for_language, ngettext
from forumdesk.reports.minutes import FIRST_HASH_LABEL, HASH_LABEL, render_minutes

MAX_PDF_BYTES = 200_000_000
# The footer's content hash, under its label of today (in any document language) or of
# the first layout.
_LABELS = {for_language(language).gettext(HASH_LABEL) for language in Language}
_HASH = re.compile(
    rf"(?:{'|'.join(sorted(map(re.escape, _LABELS | {FIRST_HASH_LABEL})))})\s+([0-9a-f]{{64}})"
)


def minutes_pdf(
    session: Session, meeting: str | int, options: MinutesOptions | None = None
) -> bytes:
    """The minutes as they stand: the approved version in force, or else a draft."""
    state = minutes.minutes_state(session, meeting)
    if state.sealed is not None:
        return version_pdf(session, state.sealed)
    content = minutes.minutes_snapshot(session, meeting, options)
    content["logo"] = _logo(session)
    return render_minutes(content)


def version_pdf(session: Session, version: MinutesVersionInfo) -> bytes:
    """An approved version's PDF, the same bytes every time it is made."""
    approval: dict[str, Any] = {"by": version.approved_by, "at": version.approved_at}
    if version.agreed_at_meeting_id is not None:
        language = DocumentText.recorded(version.content)
        approval["agreed_at"] = minutes.meeting_label(
            session, version.agreed_at_meeting_id, language
        )
    return render_minutes(
        version.content,
        version=version.version,
        content_hash=version.content_hash,
        approval=approval,
    )


def approve(
    session: Session,
    meeting: str | int,
    *,
    approved_by: str | None = None,
    agreed_at: str | int | None = None,
    options: MinutesOptions | None = None,
) -> MinutesVersionInfo:
    """Approves the minutes, sealing the content together with the logo printed on them."""
    return minutes.approve_minutes(
        session,
        meeting,
        approved_by=approved_by,
        agreed_at=agreed_at,
        options=options,
        extra={"logo": _logo(session)},
    )


@dataclass(frozen=True)
class Verification:
    """What checking a minutes PDF against this database found."""

    ok: bool
    message: str
    version: MinutesVersionInfo | None = None


def verify_pdf(session: Session, data: bytes) -> Verification:
    """Whether a PDF's printed hash and its text match an approved version here.

    Raises:
        InputRefused: the data is not a PDF that can be read.
    """
    pages = pdf_pages(data)
    text = "\n".join(pages)
    found = _HASH.search(text)
    if found is None:
        return Verification(
            False,
            _(
                "The PDF carries no content hash: it is not approved "
                "minutes (a draft, or another document)."
            ),
        )
    version = minutes.version_by_hash(session, found.group(1))
    if version is None:
        return Verification(
            False,
            _(
                "No approved minutes in this database have the hash {hash} printed in the PDF."
            ).format(hash=found.group(1)),
        )
    now = pdf_pages(version_pdf(session, version))
    expected = "\n".join(now)
    meeting = minutes.meeting_label(session, version.meeting_id, Language.ENGLISH)
    places = len(erasure.redactions(session, version.id))
    if _normal(expected) != _normal(text) and not (
        places and _same_apart_from_erasures(now, pages, version.content)
    ):
        return Verification(
            False,
            _(
                "The PDF's text differs from approved version {version} of the minutes of "
                "{meeting}: it was changed after it was exported."
            ).format(version=version.version, meeting=meeting),
            version,
        )
    matches = (
        _(
            "The PDF matches approved version {version} (since reopened) of the minutes of "
            "{meeting}, approved on {date}."
        )
        if version.reopened_at is not None
        else _(
            "The PDF matches approved version {version} of the minutes of {meeting}, "
            "approved on {date}."
        )
    )
    message = matches.format(
        version=version.version,
        meeting=meeting,
        date=day_month_year(version.approved_at.date(), Language.ENGLISH),
    )
    if places:
        message += " " + ngettext(
            "Personal data was erased from that version after its approval, in {n} place; "
            "apart from it the text is as approved.",
            "Personal data was erased from that version after its approval, in {n} places; "
            "apart from them the text is as approved.",
            places,
        ).format(n=places)
    return Verification(True, message, version)


def _same_apart_from_erasures(
    expected: list[str], given: list[str], content: dict[str, Any]
) -> bool:
    """Whether ``given`` (a PDF made before an erasure) reads as ``expected`` (the version
    as it is now) where each placeholder the erasure left may stand for any words.

    The pages' furniture (footer, page number, running header) is left out of both: a
    shorter name can pull a line onto an earlier page, and the page count with it.
    """
    language = DocumentText.recorded(content)
    stand_ins = sorted(
        {erasure.placeholder_in(text, language) for text in erasure.PLACEHOLDERS},
        key=len,
        reverse=True,
    )
    now, before = _normal(_body(expected)), _normal(_body(given))
    pieces = re.split("(" + "|".join(re.escape(s) for s in stand_ins) + ")", now)
    pattern = "".join(
        r"(?:.{1,300}?)" if index % 2 else re.escape(piece) for index, piece in enumerate(pieces)
    )
    return re.fullmatch(pattern, before, flags=re.DOTALL) is not None


def _body(pages: list[str]) -> str:
    """A PDF's text without the furniture drawn last on every page (the footer with the
    content hash, "Page x of y", the running header)."""
    kept: list[str] = []
    for page in pages:
        lines = page.rstrip("\n").split("\n")
        if len(lines) >= 3 and _HASH.search(lines[-3]):
            lines = lines[:-3]
        kept.extend(lines)
    return "\n".join(kept)


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF."""
    return "\n".join(pdf_pages(data))


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if len(data) > MAX_PDF_BYTES:
        raise InputRefused(_("The file is too large to be minutes."))
    if not data.startswith(b"%PDF"):
        raise InputRefused(_("The file is not a PDF."))
    try:
        reader = PdfReader(BytesIO(data))
        return [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise InputRefused(_("The PDF cannot be read: {problem}.").format(problem=exc)) from exc


def _normal(text: str) -> str:
    return " ".join(text.split())


def _logo(session: Session) -> str | None:
    """The council's logo as base64 (None: the neutral default that ships with ForumDesk)."""
    data = preferences.logo_image(session)
    return None if data is None else base64.b64encode(data).decode("ascii")
