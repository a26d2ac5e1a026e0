"""Residents' offers and online contributions as lists show them: plain frozen records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from forumdesk.domain.enums import OfferKind, OfferStatus


@dataclass(frozen=True)
class OfferInfo:
    """One resident's offer; ``name`` and ``contact`` are None unless given with consent."""

    id: int
    uuid: str
    forum_id: int | None
    forum_code: str | None
    kind: OfferKind
    description: str
    status: OfferStatus
    name: str | None
    contact: str | None
    consent_named: bool
    consent_contact: bool
    meeting_id: int | None
    meeting_date: date | None
    engagement_id: int | None
    engagement_reference: str | None
    action_id: int | None
    action_description: str | None
    issue_id: int | None
    issue_reference: str | None
    offered_on: date | None
    delivered_on: date | None
    delivered: str | None


@dataclass(frozen=True)
class ContributionInfo:
    """One contribution to an online deliberation, with the issue it became or supports."""

    id: int
    external_id: str
    title: str
    text: str | None
    author: str | None
    supports: int
    issue_id: int | None
    issue_reference: str | None


@dataclass
class ImportReport:
    """What importing an online platform's export did: issues raised, issues supported,
    contributions updated from a newer export, and rows already held as they were."""

    added: list[tuple[str, str]] = field(default_factory=list)  # (external id, issue)
    supported: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, int]] = field(default_factory=list)  # (external id, difference)
    unchanged: int = 0
