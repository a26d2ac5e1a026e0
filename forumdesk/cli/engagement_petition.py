"""`forumdesk engagement` verbs of the petition part (issue 14)."""

from __future__ import annotations

from typing import Any


def register(verbs: Any) -> None:
    """Adds this part's verbs to `forumdesk engagement`."""
