"""The clerk's Minutes area: preview, export, approve and reopen through the real widgets."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from forumdesk.core import agenda, minutes
from forumdesk.gui.workspace.meeting import MINUTES
from tests.helpers import fill_disk
from tests.reports.helpers import flat


def test_preview_export_approve_reopen(qtbot, window, db, dialogs, sample, tmp_path) -> None:
    with db.session() as s:
        agenda.add_agenda_item(s, sample.meeting_id, title="Welcome", notes="Croeso i bawb.")
    area = window.workspace.minutes
    with qtbot.waitSignal(area.preview.page_drawn, timeout=20_000):
        window.workspace.show_area(MINUTES)
    assert area.preview.drawn(0).width() > 500
    assert area.state.text().startswith("Draft of version 1")
    assert not area.reopen.isEnabled()

    out = tmp_path / "minutes.pdf"
    dialogs.paths.append(str(out))
    area.export.click()
    text = flat(out.read_bytes())
    assert "Croeso i bawb." in text and "DRAFT" in text
    assert dialogs.infos == [f"The minutes were saved to {out}."]

    dialogs.texts.append("Priya Shah")
    with qtbot.waitSignal(area.built, timeout=20_000):
        area.approve.click()
    with db.session() as s:
        sealed = minutes.minutes_state(s, sample.meeting_id).sealed
    assert sealed.version == 1 and sealed.approved_by == "Priya Shah"
    assert area.state.text().startswith("Approved as version 1")
    assert area.hash.text().replace(" ", "").replace("\n", "") == sealed.content_hash
    assert area.hash.isVisibleTo(area) and area.hash.toolTip() == sealed.content_hash
    assert (
        max(
            area.hash.fontMetrics().horizontalAdvance(line)
            for line in area.hash.text().splitlines()
        )
        <= area.hash.width()
    )  # nothing cut off
    assert not area.approve.isEnabled() and area.reopen.isEnabled()

    dialogs.texts.append(None)  # the clerk thinks better of it
    area.reopen.click()
    with db.session() as s:
        assert minutes.minutes_state(s, sample.meeting_id).sealed is not None
    dialogs.texts.append("Wrong venue")
    with qtbot.waitSignal(area.built, timeout=20_000):
        area.reopen.click()
    with db.session() as s:
        assert minutes.minutes_state(s, sample.meeting_id).sealed is None
    assert area.state.text().startswith("Draft of version 2")


def test_editing_approved_minutes_is_refused_with_the_reason(qtbot, window, db, dialogs, sample):
    with db.session() as s:
        minutes.approve_minutes(s, sample.meeting_id)
    area = window.workspace.agenda
    window.workspace.show_area(0)
    area.new_title.setText("A late item")
    area.add_item()
    assert dialogs.errors and "reopen them" in dialogs.errors[0]
    assert area.new_title.text() == "A late item"  # kept for after reopening


def test_minutes_that_do_not_fit_on_the_disk_leave_no_file(
    qtbot, window, dialogs, small_disk
) -> None:
    """A full memory stick: the export is refused in a sentence and leaves no empty PDF."""
    window.workspace.show_area(MINUTES)
    filler = fill_disk(small_disk.folder)
    out = small_disk.folder / "minutes.pdf"
    dialogs.paths.append(str(out))
    window.workspace.minutes.export.click()
    assert sorted(p.name for p in small_disk.folder.iterdir()) == [filler.name]
    assert dialogs.errors == [
        f"{out} cannot be written: the disk holding {small_disk.folder} is full."
    ]
    assert dialogs.infos == []


def test_the_preview_is_sharp_on_a_high_density_screen(qtbot, window, sample, monkeypatch) -> None:
    area = window.workspace.minutes
    with qtbot.waitSignal(area.preview.page_drawn, timeout=20_000):
        window.workspace.show_area(MINUTES)
    normal = area.preview.drawn(0)
    assert normal.devicePixelRatio() == 1.0
    monkeypatch.setattr(type(area.preview), "devicePixelRatioF", lambda self: 2.0)
    # Moved to a 200% screen: Qt tells the widget, which draws the pages again.
    with qtbot.waitSignal(area.preview.page_drawn, timeout=20_000):
        QApplication.sendEvent(area.preview, QEvent(QEvent.Type.DevicePixelRatioChange))
    sharp = area.preview.drawn(0)
    assert sharp.devicePixelRatio() == 2.0
    # Twice the pixels each way, shown the same size on screen.
    assert abs(sharp.width() - 2 * normal.width()) <= 2
    assert abs(sharp.deviceIndependentSize().width() - normal.width()) <= 1


def test_the_minutes_language_follows_the_setting_until_the_clerk_chooses(
    qtbot, window, db, sample
) -> None:
    from forumdesk.core import preferences

    with db.session() as s:
        preferences.set_setting(s, "document_language", "cy")
    area = window.workspace.minutes
    with qtbot.waitSignal(area.built, timeout=20_000):
        window.workspace.show_area(MINUTES)
    assert area.language.currentData() == "cy"
    assert "Welsh" in area.language.currentText()
    assert "Dydd " in flat(area.pdf)  # the weekday of the meeting, in Welsh
    area.language.setCurrentIndex(area.language.findData("en"))
    with qtbot.waitSignal(area.built, timeout=20_000):
        area.language.activated.emit(area.language.currentIndex())
    assert area.language.currentData() == "en"  # chosen: the setting no longer decides
    assert "Dydd" not in flat(area.pdf)


def test_quick_toggles_make_only_the_last_choice(qtbot, window, db, sample, monkeypatch) -> None:
    """Sections ticked and unticked while the minutes are being made: the window stays
    responsive, and the preview ends with what was chosen last, made once more at most."""
    from forumdesk.reports import documents

    made_for: list[tuple[bool, bool]] = []
    gate = threading.Event()
    real = documents.minutes_pdf

    def slow_pdf(session, meeting_id, options):
        gate.wait(10)  # a long meeting: still being made while the clerk goes on clicking
        made_for.append((options.issues, options.actions))
        return real(session, meeting_id, options)

    monkeypatch.setattr(documents, "minutes_pdf", slow_pdf)
    area = window.workspace.minutes
    window.workspace.show_area(MINUTES)  # the first making starts, and waits at the gate
    assert area.building and area.state.text() == "Making the minutes…"
    for _ in range(3):  # the window answers clicks while the PDF is being made
        area.include_issues.click()
        area.include_actions.click()
    area.include_actions.click()
    assert area.building
    with qtbot.waitSignal(area.built, timeout=20_000):
        gate.set()
    qtbot.waitUntil(lambda: not area.building, timeout=20_000)
    # The first making (begun before the clicks) and then only the last state.
    assert made_for == [(True, True), (False, True)]
    assert "Issues raised" not in flat(area.pdf)


def test_a_long_preview_draws_only_the_pages_in_view(qtbot, window, db, sample) -> None:
    """Seventy agenda items make many pages; the first shows before the rest are drawn,
    and pages far below are drawn only once scrolled to."""
    with db.session() as s:
        for n in range(70):
            agenda.add_agenda_item(
                s, sample.meeting_id, title=f"Item {n}", notes="Residents spoke. " * 60
            )
    area = window.workspace.minutes
    with qtbot.waitSignal(area.preview.page_drawn, timeout=30_000):
        window.workspace.show_area(MINUTES)
    pages = area.preview.page_count
    assert pages > 10
    assert area.preview.drawn(0) is not None
    assert area.preview.drawn(pages - 1) is None  # not drawn: nobody looked at it
    bar = area.preview.verticalScrollBar()
    with qtbot.waitSignal(area.preview.page_drawn, timeout=30_000):
        bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: area.preview.drawn(pages - 1) is not None, timeout=30_000)
    drawn = sum(area.preview.drawn(p) is not None for p in range(pages))
    assert drawn < pages  # the pages between were never drawn


def test_the_clerk_can_choose_bilingual_minutes_and_the_preview_follows(
    qtbot, window, db, sample
) -> None:
    area = window.workspace.minutes
    with qtbot.waitSignal(area.built, timeout=20_000):
        window.workspace.show_area(MINUTES)
    offered = [area.language.itemText(i) for i in range(area.language.count())]
    assert offered == ["English", "Welsh", "Bilingual (Welsh and English)"]
    assert "Cofnodion" not in flat(area.pdf)

    area.language.setCurrentIndex(area.language.findData("bilingual"))
    with qtbot.waitSignal(area.built, timeout=20_000):
        area.language.activated.emit(area.language.currentIndex())  # as a click chooses it
    text = flat(area.pdf)  # the preview was made again, in both languages
    assert "Yn bresennol" in text and "Present" in text
    assert "Tudalen 1 o " in text and "Page 1 of " in text


def test_no_garbage_collection_stops_the_window_while_minutes_are_made(
    qtbot, window, sample, monkeypatch
) -> None:
    """A collection over a long document's objects held the interpreter for 100 ms and
    more, several times a build, and the window stood still meanwhile (measured by
    benchmarks/scale.py): collections wait until the minutes are made."""
    import gc

    from forumdesk.reports import documents

    seen: list[bool] = []
    real = documents.minutes_pdf

    def watched(session, meeting_id, options):
        seen.append(gc.isenabled())
        return real(session, meeting_id, options)

    monkeypatch.setattr(documents, "minutes_pdf", watched)
    area = window.workspace.minutes
    assert gc.isenabled()
    with qtbot.waitSignal(area.built, timeout=20_000):
        window.workspace.show_area(MINUTES)
    assert seen == [False]  # paused while the PDF was made, on its thread
    assert gc.isenabled()  # and collecting again once it was made
