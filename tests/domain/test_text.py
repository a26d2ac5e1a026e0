"""Counted nouns read as English."""

from forumdesk.domain.text import count


def test_one_is_singular_and_the_rest_plural() -> None:
    assert count(1, "issue") == "1 issue"
    assert count(0, "issue") == "0 issues"
    assert count(3, "open action") == "3 open actions"
    assert count(2, "person", "people") == "2 people"
