"""File → Desks… and the first import from an unknown desk (issue 11)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from forumdesk.core.stats import stats
from forumdesk.db.store import open_database
from forumdesk.exchange import export, trust
from forumdesk.gui import desks_page
from forumdesk.gui.desks_page import DesksDialog
from tests.gui.conftest import finish_work
from tests.gui.test_exchange_gui import answer


def other_desk_file(tmp_path):
    """A file exported and signed by another desk (its own database and key)."""
    from forumdesk.core import forums, issues

    other = open_database(str(tmp_path / "laptop.sqlite"))
    try:
        with other.session() as s:
            forums.create_forum(s, code="LPT", name="Laptop forum")
            issues.record_issue(s, forum="LPT", title="Bins not collected")
            export.write(s, tmp_path / "laptop.forumdesk.json", export.Selection())
        with other.read_session() as s:
            me = trust.this_desk(s)
    finally:
        other.dispose()
    return tmp_path / "laptop.forumdesk.json", me


def test_the_desks_page_shows_this_desk_and_trusts_and_revokes(
    qtbot, window, dialogs, tmp_path, monkeypatch
) -> None:
    file, laptop = other_desk_file(tmp_path)
    asked = []
    monkeypatch.setattr(desks_page, "ask_to_trust", lambda _p, s: asked.append(s) or True)
    seen = {}

    def look(dialog: DesksDialog) -> None:
        seen["fingerprint"] = dialog.fingerprint.text()
        seen["rule"] = dialog.rule.text()
        dialogs.paths.append(str(file))
        qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
        seen["rows"] = [dialog.table.item(0, c).text() for c in range(2)]
        seen["after"] = dialog.rule.text()
        dialog.table.selectRow(0)
        assert dialog.revoke_button.isEnabled()
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
        seen["revoked"] = dialog.table.item(0, 3).text()
        seen["revoke enabled"] = dialog.revoke_button.isEnabled()
        dialog.accept()

    answer(look)
    qtbot.keyClick(
        window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    with window.desk.db.read_session() as s:
        mine = trust.this_desk(s)
    assert seen["fingerprint"] == mine.fingerprint
    assert "trusts no desks yet" in seen["rule"]
    assert [s.fingerprint for s in asked] == [laptop.fingerprint]
    assert seen["rows"] == [laptop.name, laptop.fingerprint]
    assert "trusts 1 desk:" in seen["after"]
    assert seen["revoked"] and not seen["revoke enabled"]
    assert "Stop trusting desk" in dialogs.questions[-1]


def test_an_import_from_an_unknown_desk_asks_to_trust_it_first(
    qtbot, window, dialogs, tmp_path, monkeypatch
) -> None:
    file, laptop = other_desk_file(tmp_path)
    (tmp_path / "stranger").mkdir()
    stranger, _ = other_desk_file(tmp_path / "stranger")
    with window.desk.db.session() as s:  # the office already trusts one desk: the stranger
        trust.trust(s, trust.signer_of_file(stranger.read_bytes()))
    questions: list[str] = []
    answers = [False, True]

    def ask(_parent, signer) -> bool:
        questions.append(desks_page.trust_question(signer))
        return answers.pop(0)

    monkeypatch.setattr(desks_page, "ask_to_trust", ask)
    dialogs.paths.append(str(file))
    window.import_action.trigger()  # said no: nothing imported, nothing trusted
    finish_work(qtbot, window)
    assert laptop.fingerprint in questions[0] and laptop.name in questions[0]
    with window.desk.db.read_session() as s:
        assert laptop.uuid not in {d.uuid for d in trust.trusted_desks(s)}
        before = stats(s).issues

    dialogs.paths.append(str(file))
    answer(lambda dialog: dialog.confirm.click())
    window.import_action.trigger()
    finish_work(qtbot, window)
    with window.desk.db.read_session() as s:
        assert laptop.uuid in {d.uuid for d in trust.trusted_desks(s)}
        assert stats(s).issues == before + 1
    assert dialogs.errors == []
    QApplication.processEvents()


def test_an_unsigned_file_into_a_trusting_desk_is_imported_only_if_the_person_says_so(
    qtbot, window, dialogs, tmp_path
) -> None:
    import json

    file, _laptop = other_desk_file(tmp_path)
    with window.desk.db.session() as s:  # the office trusts the laptop
        trust.trust(s, trust.signer_of_file(file.read_bytes()))
    doc = json.loads(file.read_text(encoding="utf-8"))
    del doc["desk_signature"]  # as an older ForumDesk, or a hand, would write it
    unsigned = tmp_path / "unsigned.forumdesk.json"
    unsigned.write_text(json.dumps(doc), encoding="utf-8")
    with window.desk.db.read_session() as s:
        before = stats(s).issues

    dialogs.answer = False
    dialogs.paths.append(str(unsigned))
    window.import_action.trigger()
    finish_work(qtbot, window)
    assert "not signed by its desk" in dialogs.questions[-1]
    assert "Import it anyway, this once?" in dialogs.questions[-1]
    assert "--allow-unsigned" not in dialogs.questions[-1]  # no command-line talk here
    with window.desk.db.read_session() as s:
        assert stats(s).issues == before

    dialogs.answer = True
    dialogs.paths.append(str(unsigned))
    answer(lambda dialog: dialog.confirm.click())
    window.import_action.trigger()
    finish_work(qtbot, window)
    with window.desk.db.read_session() as s:
        assert stats(s).issues == before + 1
    assert dialogs.errors == []


def test_a_trusted_desks_fingerprint_shows_in_groups_and_copies(qtbot, window, tmp_path) -> None:
    file, laptop = other_desk_file(tmp_path)
    with window.desk.db.session() as s:
        trust.trust(s, trust.signer_of_file(file.read_bytes()))
    dialog = DesksDialog(window.desk, window)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = dialog.table.item(0, 1)
    assert shown.text() == laptop.fingerprint and len(shown.text().split()) == 8
    # The whole fingerprint fits its column: nothing elided.
    needed = QFontMetrics(shown.font()).horizontalAdvance(shown.text())
    assert dialog.table.columnWidth(1) >= needed
    assert not dialog.copy_button.isEnabled()  # nothing chosen, nothing to copy
    QApplication.clipboard().clear()
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == laptop.fingerprint
    QApplication.clipboard().clear()
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)
    qtbot.keyClick(dialog.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == laptop.fingerprint
    dialog.close()
