"""Help → User guide: the guides open in the window, offline, and links between them work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication, QLabel

from forumdesk.gui.guide import GuideDialog


def test_help_user_guide_opens_the_guides_in_the_window(window, qtbot) -> None:
    seen: dict[str, object] = {}

    def look() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, GuideDialog))
        seen["titles"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        dialog.list.setCurrentRow(1)
        seen["text"] = dialog.browser.toPlainText()
        dialog.reject()

    QTimer.singleShot(0, look)
    window.guide_action.trigger()
    titles = seen["titles"]
    assert len(titles) == 9
    assert "The officers' shared register (PostgreSQL)" in titles
    assert "Officer's guide" in titles
    assert "Residents' personal data" in titles
    assert not any("internals" in str(title).lower() for title in titles)
    assert "facilitator" in str(titles[1]).lower()
    assert "capture" in str(seen["text"]).lower()  # the facilitator's guide, rendered


def test_a_link_to_another_guide_opens_it_in_the_guide(qtbot) -> None:
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.browser.anchorClicked.emit(QUrl("clerk-guide.md"))
    assert "clerk" in dialog.list.currentItem().text().lower()
    assert "minutes" in dialog.browser.toPlainText().lower()


def test_the_data_protection_page_opens_from_the_data_and_safety_guide(qtbot) -> None:
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.browser.anchorClicked.emit(QUrl("data-protection.md"))
    assert dialog.list.currentItem().text() == "Residents' personal data"
    assert "beyond use" in dialog.browser.toPlainText()


def test_without_the_guides_the_dialog_says_where_it_looked(qtbot, tmp_path: Path) -> None:
    dialog = GuideDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 0
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert str(tmp_path) in said and "not found" in said


def test_screenshots_in_a_guide_fit_beside_the_list(qtbot) -> None:
    from forumdesk.gui.guide import IMAGE_WIDTH

    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)  # the facilitator's guide: full-window screenshots
    widths = []
    block = dialog.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            image = it.fragment().charFormat().toImageFormat()
            if image.isValid():
                widths.append(image.width())
            it += 1
        block = block.next()
    assert widths, "the facilitator's guide shows screenshots"
    assert all(0 < width <= IMAGE_WIDTH for width in widths)
