"""Output files are written whole or not at all (forumdesk.db.files.write_whole)."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from forumdesk.db import files
from forumdesk.domain.errors import InputRefused, StoreError


def test_a_failing_disk_leaves_the_earlier_file_as_it_was_and_nothing_else(
    tmp_path, monkeypatch
) -> None:
    target = tmp_path / "log.pdf"
    target.write_bytes(b"last week's log")

    def failing_sync(handle: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(files.os, "fsync", failing_sync)
    with pytest.raises(StoreError) as refused:
        files.write_whole(target, b"this week's log")
    assert str(refused.value) == f"{target} cannot be written: input/output error."
    assert target.read_bytes() == b"last week's log"
    assert [p.name for p in tmp_path.iterdir()] == ["log.pdf"]


def test_a_replaced_file_keeps_its_permissions_and_a_link_keeps_pointing_at_it(tmp_path) -> None:
    real = tmp_path / "shared" / "all.csv"
    real.parent.mkdir()
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "all.csv"
    link.symlink_to(real)
    assert files.write_whole(link, b"new") == real
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["all.csv"]


def test_a_folder_is_refused_in_one_sentence(tmp_path) -> None:
    with pytest.raises(InputRefused, match="is a folder; name the file to write in it"):
        files.write_whole(tmp_path, b"x")
