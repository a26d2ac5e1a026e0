"""The drafts file: kept per database, offered back only after an unclean exit, written whole."""

from __future__ import annotations

import json
from pathlib import Path

from forumdesk.core.drafts import Draft, DraftStore

TITLE = Draft("capture title", "m-1", None, "Overflowing bins", "Capture bar")
NOTES = Draft("agenda notes", "m-1", "item-7", "Sgt Moss said", "Notes of item 2")


def test_drafts_of_a_window_that_did_not_close_are_left_behind(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    store = DraftStore(path, "/data/forum.sqlite")
    store.begin()
    assert store.keep([TITLE, NOTES])
    # The process dies here; the next start reads the file afresh.
    assert DraftStore(path, "/data/forum.sqlite").left_behind() == [TITLE, NOTES]


def test_a_clean_exit_leaves_nothing_to_offer(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    store = DraftStore(path, "/data/forum.sqlite")
    store.begin()
    store.keep([TITLE])
    store.finish()
    assert DraftStore(path, "/data/forum.sqlite").left_behind() == []


def test_drafts_are_kept_per_database(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    first, second = DraftStore(path, "/a.sqlite"), DraftStore(path, "/b.sqlite")
    first.begin()
    first.keep([TITLE])
    second.begin()
    second.keep([NOTES])
    second.finish()
    assert DraftStore(path, "/a.sqlite").left_behind() == [TITLE]
    assert DraftStore(path, "/b.sqlite").left_behind() == []


def test_the_file_is_written_only_when_the_drafts_change(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    store = DraftStore(path, "/a.sqlite")
    store.begin()
    assert store.keep([TITLE])
    assert not store.keep([TITLE])
    assert store.keep([TITLE, NOTES])
    assert not store.keep([TITLE, NOTES, Draft("comment", "m-1", "i-1", "  ", "Comment")])
    assert [p.name for p in tmp_path.iterdir()] == ["drafts.json"]  # no temporary left


def test_a_damaged_file_offers_nothing_and_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    path.write_text('{"format": 1, "databases": {"/a.sqlite": {"open": tr', encoding="utf-8")
    store = DraftStore(path, "/a.sqlite")
    assert store.left_behind() == []
    store.begin()
    store.keep([TITLE])
    assert json.loads(path.read_text(encoding="utf-8"))["databases"]["/a.sqlite"]["open"]


def test_welsh_text_is_kept_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    draft = Draft("comment", "m-1", "i-1", "Goleuadau ar Ffordd yr Ŵyl", "Comment")
    store = DraftStore(path, "/a.sqlite")
    store.begin()
    store.keep([draft])
    assert DraftStore(path, "/a.sqlite").left_behind() == [draft]
