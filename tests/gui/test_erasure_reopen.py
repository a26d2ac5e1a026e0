"""File → Restore puts a backup back and the window opens it again: erased again on opening."""

from __future__ import annotations

from forumdesk.db.models import Attendance
from forumdesk.gui.app import open_for_window
from tests.core.test_erasure import NAME, on_disk
from tests.core.test_erasure_restore import erased_then_put_back


def test_the_window_opens_a_restored_backup_with_the_erasure_applied_again(
    db, db_path, qapp
) -> None:
    _uuid, resident = erased_then_put_back(db, db_path)
    opened = open_for_window(str(db_path))
    assert opened is not None
    try:
        with opened.read_session() as s:
            assert s.get(Attendance, resident).name is None
        assert any("erased again" in warning for warning in opened.warnings)
    finally:
        opened.dispose()
    assert NAME.encode() not in on_disk(db_path)
