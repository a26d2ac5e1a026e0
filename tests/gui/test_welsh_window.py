"""The window in Welsh: every text it shows is translated, Qt's own buttons too, and each
menu, screen and dialog keeps its mnemonics unique in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTabWidget,
    QWidget,
)

from forumdesk import catalogues, i18n
from forumdesk.core import forums
from forumdesk.gui.workspace.meeting import ACTIONS, AGENDA, ATTENDANCE, ISSUES, MINUTES

WELSH_PO = catalogues.LOCALE / "cy" / "LC_MESSAGES" / "forumdesk.po"


@pytest.fixture(params=["en", "cy"])
def language(request, qapp) -> Iterator[str]:
    """The interface language, set as the program sets it before the window is built."""
    from forumdesk.gui.start import use_interface_locale

    i18n.use_language(request.param)
    use_interface_locale()
    yield request.param
    i18n.use_language(i18n.SOURCE_LANGUAGE)
    use_interface_locale()


@pytest.fixture
def welsh(qapp) -> Iterator[None]:
    from forumdesk.gui.start import use_interface_locale

    i18n.use_language("cy")
    use_interface_locale()
    yield
    i18n.use_language(i18n.SOURCE_LANGUAGE)
    use_interface_locale()


@pytest.fixture
def demo_window(demo_db, make_window):
    return make_window()


def _mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def _repeated(texts: list[str]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for text in texts:
        if letter := _mnemonic(text):
            by_letter.setdefault(letter, []).append(text)
    return {letter: said for letter, said in by_letter.items() if len(said) > 1}


def _menus(menu: QMenu) -> Iterator[QMenu]:
    yield menu
    for action in menu.actions():
        if action.menu() is not None:
            yield from _menus(action.menu())


def test_each_menu_has_unique_mnemonics(language, demo_window) -> None:
    bar = demo_window.menuBar()
    titles = [action.text() for action in bar.actions()]
    assert _repeated(titles) == {}, titles
    for top in bar.actions():
        for menu in _menus(top.menu()):
            menu.aboutToShow.emit()  # menus filled when opened (Open recent)
            texts = [action.text() for action in menu.actions() if not action.isSeparator()]
            assert _repeated(texts) == {}, f"{menu.title()}: {texts}"
    if language == "cy":
        assert titles == ["&Ffeil", "&Golygu", "G&weld", "C&yfarfod", "&Cymorth"]


@pytest.mark.parametrize("area", [AGENDA, ATTENDANCE, ISSUES, ACTIONS, MINUTES])
def test_mnemonics_are_unique_on_each_screen_in_both_languages(language, demo_window, area):
    demo_window.workspace.show_area(area)
    texts = [action.text() for action in demo_window.menuBar().actions()]
    tabs = demo_window.workspace.tabs
    texts += [tabs.tabText(index) for index in range(tabs.count())]
    texts += [
        widget.text()
        for widget in demo_window.findChildren(QLabel) + demo_window.findChildren(QAbstractButton)
        if widget.isVisibleTo(demo_window)
    ]
    assert _repeated(texts) == {}


def _dialogs(window, db) -> list[QDialog]:
    from forumdesk.exchange.merge import Change, Report
    from forumdesk.gui.dialogs import ForumDialog, MeetingDialog
    from forumdesk.gui.exchange_dialogs import ConflictsDialog, ExportDialog, PreviewDialog
    from forumdesk.gui.settings_dialog import SettingsDialog
    from forumdesk.gui.shortcuts import ShortcutsDialog

    with db.session() as s:
        known = forums.list_forums(s)
    report = Report("id", "desk", [Change("issues", "BHF-0001", "new")])
    return [
        ForumDialog(window),
        MeetingDialog(known, window),
        ExportDialog(window.workspace.meeting, window),
        PreviewDialog(report, window),
        ConflictsDialog(window.desk, window),
        ShortcutsDialog(window),
        SettingsDialog(window.desk, window),
    ]


def test_each_dialog_has_unique_mnemonics(language, qtbot, demo_window, db) -> None:
    for dialog in _dialogs(demo_window, db):
        qtbot.addWidget(dialog)
        dialog.show()
        texts = [
            widget.text()
            for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
            if widget.isVisibleTo(dialog)
        ]
        texts += [QGroupBox.title(box) for box in dialog.findChildren(QGroupBox)]
        for tabs in dialog.findChildren(QTabWidget):
            texts += [tabs.tabText(index) for index in range(tabs.count())]
        assert _repeated(texts) == {}, f"{dialog.windowTitle()}: {texts}"
        dialog.close()


def _english_messages() -> set[str]:
    """The English messages whose Welsh differs (a name such as "UUID" reads the same)."""
    _header, messages = catalogues.read_po(WELSH_PO)
    english = set()
    for message in messages.values():
        for source, said in zip(
            [message.msgid, message.plural or message.msgid], message.translations, strict=False
        ):
            if source != said:
                english.add(source)
    return english


def _shown_texts(root: QWidget) -> list[str]:
    """What a person reads on ``root``: labels, buttons, menus, tabs, fields' hints,
    group titles, column headings and the window's title."""
    texts = [root.windowTitle()]
    texts += [QLabel.text(label) for label in root.findChildren(QLabel)]
    texts += [QAbstractButton.text(button) for button in root.findChildren(QAbstractButton)]
    for field in root.findChildren(QLineEdit):
        texts.append(QLineEdit.placeholderText(field))
    for box in root.findChildren(QGroupBox):
        texts.append(QGroupBox.title(box))
    for bar in root.findChildren(QTabBar):
        texts += [bar.tabText(index) for index in range(bar.count())]
    for action in root.findChildren(QAction):
        texts += [action.text(), action.toolTip() if action.toolTip() != action.text() else ""]
    from PySide6.QtWidgets import QTableView, QTreeView

    for view in root.findChildren(QTableView) + root.findChildren(QTreeView):
        model = view.model()
        header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        if model is None:
            continue
        for column in range(header.count()):
            heading = model.headerData(column, Qt.Orientation.Horizontal)
            texts.append(heading if isinstance(heading, str) else "")
    return [text for text in texts if text]


def test_the_welsh_window_shows_no_english_message(welsh, demo_window, db, qtbot) -> None:
    english = _english_messages()
    left = set()
    for area in (AGENDA, ATTENDANCE, ISSUES, ACTIONS, MINUTES):
        demo_window.workspace.show_area(area)
        left |= {text for text in _shown_texts(demo_window) if text in english}
    assert left == set(), sorted(left)
    # What a Welsh speaker reads first.
    texts = _shown_texts(demo_window)
    assert "Cof&nodi" in texts and "Cofnodi mater" in texts
    menus = [action.text() for action in demo_window.menuBar().actions()]
    assert menus == ["&Ffeil", "&Golygu", "G&weld", "C&yfarfod", "&Cymorth"]
    assert demo_window.windowTitle().endswith("– ForumDesk")


def test_a_welsh_dialog_and_qts_own_buttons(welsh, qtbot, demo_window, db) -> None:
    english = _english_messages()
    for dialog in _dialogs(demo_window, db):
        qtbot.addWidget(dialog)
        dialog.show()
        left = {text for text in _shown_texts(dialog) if text in english}
        assert left == set(), f"{dialog.windowTitle()}: {sorted(left)}"
        dialog.close()
    from forumdesk.gui.dialogs import ForumDialog

    dialog = ForumDialog(demo_window)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Fforwm newydd"
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Cod:", "&Enw:", "&Ardal:", "&Wardiau:", "&Disgrifiad:"} <= labels
    (box,) = dialog.findChildren(QDialogButtonBox)
    assert sorted(button.text() for button in box.buttons()) == ["Canslo", "Iawn"]
    field = dialog.findChild(QLineEdit)
    menu = field.createStandardContextMenu()
    said = [action.text().split("\t")[0] for action in menu.actions() if action.text()]
    assert said[:2] == ["&Dadwneud", "&Ailwneud"] and "&Gludo" in said
    menu.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_qt_speaks_english_again_when_the_interface_does(qapp, qtbot) -> None:
    """The translator of Qt's texts is removed with the language, not left behind."""
    from forumdesk.gui.start import use_interface_locale

    i18n.use_language("cy")
    use_interface_locale()
    i18n.use_language(i18n.SOURCE_LANGUAGE)
    use_interface_locale()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert [button.text() for button in box.buttons()] == ["OK"]


def test_every_setting_is_reached_by_alt_and_a_letter_in_both_languages(
    language, qtbot, demo_window
) -> None:
    from PySide6.QtWidgets import QPushButton

    from forumdesk.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(demo_window.desk, demo_window)
    qtbot.addWidget(dialog)
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    buttons = [  # OK and Cancel are reached by Enter and Escape
        b for b in dialog.findChildren(QPushButton) if b.parent() is not dialog.buttons
    ]
    assert len(labels) == len(dialog.fields)
    missing = [w.text() for w in labels + buttons if _mnemonic(w.text()) is None]
    assert missing == []
    assert _repeated([w.text() for w in labels + buttons]) == {}
