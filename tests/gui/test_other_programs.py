"""Changes another program commits to the same database reach the window's views."""

from __future__ import annotations

from forumdesk.core import issues
from forumdesk.db.store import open_database


def test_an_issue_added_by_another_program_appears_in_the_register(
    qtbot, make_window, db, db_path, sample
) -> None:
    window = make_window()
    window.desk.watch_other_programs(every_ms=50)
    window.open_register(None)
    register = window.register
    assert register.model.rowCount() == 3
    other = open_database(str(db_path))  # the command line, say: a connection of its own
    try:
        with other.session() as s:
            issues.record_issue(s, forum="BHF", title="Zebra crossing")
    finally:
        other.dispose()
    qtbot.waitUntil(lambda: register.model.rowCount() == 4, timeout=5000)
    assert window.desk.last_changes.everything
    window.desk.stop_watching()


def test_the_windows_own_change_is_told_as_what_it_wrote_not_as_everything(
    qtbot, make_window, db, sample
) -> None:
    window = make_window()
    window.desk.watch_other_programs(every_ms=50)
    window.desk.write(lambda s: issues.comment(s, sample.issue_refs[0], "Seen again"))
    told = []
    window.desk.changed.connect(told.append)
    qtbot.wait(300)  # several looks: the window's own commit is not mistaken for another's
    assert told == []
    window.desk.stop_watching()
