"""A consultation's responses as the command line, the window and the report show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from forumdesk.domain.enums import Channel, LinkRole


@dataclass(frozen=True)
class ResponseCount:
    """One entered count: the responses of one channel, coded to an issue or not."""

    id: int
    channel: Channel
    count: int
    issue_id: int | None  # None: responses not coded to an issue
    issue_reference: str | None
    issue_title: str | None
    entered_on: date | None


@dataclass(frozen=True)
class Recorded:
    """What entering a count did."""

    count: ResponseCount
    previous: int | None  # the channel's count for that issue before; None: a new count
    raised: bool  # the responses raised a new issue (``count.issue_reference``)
    support: int | None  # the issue's support afterwards; None: not coded to an issue


@dataclass(frozen=True)
class IssueResponses:
    """The responses coded to one issue, by channel."""

    issue_id: int
    reference: str
    title: str
    role: LinkRole  # raised or supported by the consultation
    by_channel: tuple[tuple[Channel, int], ...]  # every channel, in Channel order
    total: int


@dataclass(frozen=True)
class Totals:
    """A consultation's responses: by channel, coded to issues and not.

    Each response is counted once: under the issue it was coded to, or as not coded.
    """

    by_channel: tuple[tuple[Channel, int], ...]  # every channel, in Channel order
    total: int
    not_coded: int
    issues: tuple[IssueResponses, ...]  # most responses first, then by reference

    def of(self, channel: Channel) -> int:
        """The responses that came by ``channel``."""
        return dict(self.by_channel)[channel]
