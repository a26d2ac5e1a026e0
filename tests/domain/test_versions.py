"""Version vectors tell newer from concurrent; per-field dots tell what each side changed."""

from forumdesk.domain import versions
from forumdesk.domain.versions import Order


def test_bump_increments_only_this_desks_counter() -> None:
    assert versions.bump({"a": 2, "b": 1}, "a") == {"a": 3, "b": 1}
    assert versions.bump({}, "c") == {"c": 1}


def test_compare_orders_descendants_and_detects_concurrency() -> None:
    base = {"a": 1}
    mine = versions.bump(base, "a")
    theirs = versions.bump(base, "b")
    assert versions.compare(base, base) is Order.EQUAL
    assert versions.compare(base, mine) is Order.BEFORE
    assert versions.compare(mine, base) is Order.AFTER
    assert versions.compare(mine, theirs) is Order.CONCURRENT
    merged = versions.merge(mine, theirs)
    assert merged == {"a": 2, "b": 1}
    assert versions.compare(merged, mine) is Order.AFTER


def test_dots_say_whether_an_edit_was_already_seen() -> None:
    dots = versions.stamp({}, ["title"], "b", 3)
    assert dots == {"title": ["b", 3]}
    assert versions.has_seen({"b": 3}, dots["title"])
    assert not versions.has_seen({"b": 2, "a": 9}, dots["title"])
    assert versions.has_seen({"a": 1}, None)  # unchanged since creation
