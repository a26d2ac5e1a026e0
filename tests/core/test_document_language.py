"""A document is written in its own language, whatever language the window speaks."""

from __future__ import annotations

import gettext
import json

import pytest

from forumdesk import i18n
from forumdesk.core import issues, minutes
from forumdesk.reports import documents
from tests.reports.helpers import flat


class _Shouting(gettext.NullTranslations):
    """An interface language in which every message is changed, so that a message taken
    from the interface instead of the document's own language shows."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


@pytest.fixture
def another_interface(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_interface", _Shouting())


def test_english_minutes_while_the_window_speaks_another_language(
    db, sample, another_interface
) -> None:
    with db.session() as s:
        issues.move_issue(s, sample.issue_refs[0], "co-decision", meeting=sample.meeting_id)
        content = minutes.minutes_snapshot(s, sample.meeting_id)
        pdf = documents.minutes_pdf(s, sample.meeting_id, minutes.MinutesOptions())
    assert "«" not in json.dumps(content, ensure_ascii=False)
    assert content["meeting"]["format"] == "Area forum meeting"
    text = flat(pdf)
    assert "«" not in text
    assert "Co-decision making" in text
