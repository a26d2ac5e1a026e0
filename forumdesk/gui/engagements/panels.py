"""Each kind's own panel in the Engagements view's detail, by kind.

A panel module defines ``Panel(desk, engagement_id, parent)``, a QWidget showing the
kind's fields, counts and entry forms, with ``wants(changes) -> bool`` and
``refresh(changes)`` as the workspace areas have.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from forumdesk.domain.enums import EngagementKind


def panel_class(kind: EngagementKind) -> Any:
    """The ``Panel`` class of ``kind``'s module (imported when first shown)."""
    return import_module(f"forumdesk.gui.engagements.{kind.value}").Panel
