"""One engagement described whole: its fields, issues, people and its kind's figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from forumdesk.core.engagements import (
    ballot,
    base,
    consultation,
    deliberation,
    jury,
    petition,
    scrutiny,
)
from forumdesk.db.models import Engagement
from forumdesk.domain.engagements import EngagementInfo, LinkedIssue, ParticipantInfo
from forumdesk.domain.enums import EngagementKind
from forumdesk.i18n import _

#: Each kind's figures: (label, value) lines for `engagement show` and the window.
FIGURES: dict[EngagementKind, Callable[[Session, Engagement], list[tuple[str, str]]]] = {
    EngagementKind.PETITION: petition.figures,
    EngagementKind.CONSULTATION: consultation.figures,
    EngagementKind.SCRUTINY: scrutiny.figures,
    EngagementKind.JURY: jury.figures,
    EngagementKind.BALLOT: ballot.figures,
    EngagementKind.DELIBERATION: deliberation.figures,
}


@dataclass(frozen=True)
class Description:
    """What `engagement show` prints."""

    engagement: EngagementInfo
    issues: tuple[LinkedIssue, ...]
    participants: tuple[ParticipantInfo, ...]
    figures: tuple[tuple[str, str], ...]

    def text(self) -> str:
        """As lines of text for the terminal."""
        e = self.engagement
        lines = [
            f"{e.reference}  {e.title}",
            _("Kind: {kind}").format(kind=e.kind.label),
            _("Forum: {forum}").format(forum=e.forum_code or _("council-wide")),
            _("Status: {status}").format(status=e.status.label),
        ]
        if e.opens or e.closes:
            lines.append(
                _("Open: {opens} to {closes}").format(
                    opens=e.opens.isoformat() if e.opens else "…",
                    closes=e.closes.isoformat() if e.closes else "…",
                )
            )
        if e.wording:
            lines.append(_("Wording: {text}").format(text=e.wording))
        if e.response_due:
            lines.append(_("Response due: {date}").format(date=e.response_due.isoformat()))
        lines.extend(f"{label}: {value}" for label, value in self.figures)
        if self.issues:
            lines.append(_("Issues:"))
            lines.extend(
                f"  {i.reference}  {i.title}  ({i.stage.short}, {i.role.label.lower()})"
                for i in self.issues
            )
        if self.participants:
            lines.append(_("People:"))
            lines.extend(
                f"  {p.role.label}: {p.name or _('(not named)')}" for p in self.participants
            )
        if e.outcome:
            lines.append(_("Outcome: {text}").format(text=e.outcome))
        return "\n".join(lines)


def describe(session: Session, ref: str | int) -> Description:
    """The engagement, its live issues and participants, and its kind's figures."""
    row = base.engagement(session, ref)
    return Description(
        base.info(session, row),
        tuple(base.linked_issues(session, row.id)),
        tuple(base.participants(session, row.id)),
        tuple(FIGURES[row.kind](session, row)),
    )
