"""Long exchange work tells a face how far it has got."""

from __future__ import annotations

from forumdesk.core import demo
from forumdesk.exchange import export, merge, read
from forumdesk.exchange.export import Selection


def test_export_and_import_report_progress_to_the_end(desks, monkeypatch) -> None:
    monkeypatch.setattr("forumdesk.exchange.export.EVERY", 50)
    monkeypatch.setattr("forumdesk.exchange.merge.EVERY", 50)
    source, copy = desks("source"), desks("copy")
    source.do(demo.fill_demo)
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
