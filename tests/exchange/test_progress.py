"""Long exchange work tells a face how far it has got."""

from __future__ import annotations

import pytest

from forumdesk.core import demo
from forumdesk.domain.errors import Cancelled
from forumdesk.domain.progress import Cancellable
from forumdesk.exchange import export, merge, read
from forumdesk.exchange.export import Selection


def test_export_and_import_report_progress_to_the_end(desks, monkeypatch) -> None:
    monkeypatch.setattr("forumdesk.exchange.export.EVERY", 50)
    monkeypatch.setattr("forumdesk.exchange.merge.EVERY", 50)
    source, copy = desks("source", demo=True), desks("copy")
    heard: list[tuple[int, int]] = []
    path = source.folder / "all.json"
    source.do(
        lambda s: export.write(s, path, Selection(), progress=lambda d, t: heard.append((d, t)))
    )
    total = heard[-1][1]
    assert len(heard) > 3 and heard[-1] == (total, total)
    assert [d for d, _ in heard] == sorted(d for d, _ in heard)

    merged: list[tuple[int, int]] = []
    data = path.read_bytes()
    copy.do(lambda s: merge.merge(s, read.check(s, data), lambda d, t: merged.append((d, t))))
    assert len(merged) > 3 and merged[-1] == (total, total)
    assert [d for d, _ in merged] == sorted(d for d, _ in merged)


def _cancelled_at(when) -> Cancellable:
    """Progress that the person cancels once ``when(done, total)`` holds."""
    progress = Cancellable(lambda done, total: when(done, total) and progress.cancel())
    return progress


def _rows(desk, table: str) -> int:
    with desk.db.read_session() as s:
        return s.connection().exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()


def test_an_import_cancelled_half_way_is_rolled_back_whole(desks, monkeypatch) -> None:
    monkeypatch.setattr("forumdesk.exchange.merge.EVERY", 50)
    source, copy = desks("source", demo=True), desks("copy")
    data = source.export("all.json")
    progress = _cancelled_at(lambda done, total: done >= total // 2)
    with pytest.raises(Cancelled):
        copy.do(lambda s: merge.merge(s, read.check(s, data), progress))
    assert progress.cancelled
    for table in ("issue", "meeting", "forum", "exchange_log", "timeline_event"):
        assert _rows(copy, table) == 0, table
    copy.import_(data)  # and nothing stands in the way of the whole import afterwards
    assert _rows(copy, "issue") == _rows(source, "issue")


def test_an_export_cancelled_at_its_last_report_leaves_no_file_and_no_log(desks) -> None:
    source = desks("source", demo=True)
    logged = _rows(source, "exchange_log")
    path = source.folder / "all.json"
    for when in (lambda done, total: done >= total // 2, lambda done, total: done == total):
        with pytest.raises(Cancelled):
            source.do(
                lambda s, w=when: export.write(s, path, Selection(), progress=_cancelled_at(w))
            )
        assert not path.exists()
        assert [p.name for p in source.folder.iterdir() if "all.json" in p.name] == []
        assert _rows(source, "exchange_log") == logged


def test_the_demo_cancelled_leaves_the_database_empty(desks) -> None:
    desk = desks("demo")
    with pytest.raises(Cancelled):
        desk.do(lambda s: demo.fill_demo(s, _cancelled_at(lambda done, total: done == 3)))
    assert _rows(desk, "forum") == 0 and _rows(desk, "issue") == 0
