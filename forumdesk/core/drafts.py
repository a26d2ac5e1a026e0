"""Drafts of text being typed, kept on disk so that a crash loses at most a moment of typing.

The window hands over, every second or so, what is typed but not yet stored (a title in
the capture bar before Enter, notes before their pause). They go into one small JSON
file in the user's data folder, per database, with a mark that the window is open. A
clean exit empties the database's entry; a start that finds the mark still there and
drafts left behind may offer them back.

The file is written whole or not at all (:func:`forumdesk.db.files.write_whole`), so a
crash while writing leaves the old file or the new one, never half of one. Nothing here
touches the database.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from forumdesk.db.files import private_folder, write_whole

FILE_NAME = "drafts.json"
FORMAT = 1


@dataclass(frozen=True)
class Draft:
    """Text typed into one field and not yet stored.

    ``field`` names the kind of field ("capture title", "agenda notes", ...),
    ``meeting`` the UUID of the meeting shown, ``owner`` the UUID of the record the
    field belongs to (an agenda item, an issue) or None for the meeting's own fields;
    ``label`` says in words where it was typed.
    """

    field: str
    meeting: str
    owner: str | None
    text: str
    label: str

    @property
    def key(self) -> str:
        """The field's identity: one draft per field."""
        return f"{self.field} {self.owner or self.meeting}"


class DraftStore:
    """The drafts file, seen from one database's window."""

    def __init__(self, path: Path, database: str) -> None:
        self.path = path
        self.database = database
        self._written: tuple[Draft, ...] | None = None

    def left_behind(self) -> list[Draft]:
        """Drafts of this database left by a window that did not close cleanly."""
        entry = self._read().get("databases", {}).get(self.database, {})
        if not entry.get("open"):
            return []
        drafts = []
        for item in entry.get("drafts", ()):
            with contextlib.suppress(TypeError, KeyError, ValueError):
                drafts.append(Draft(**{name: item[name] for name in Draft.__annotations__}))
        return [d for d in drafts if d.text.strip()]

    def begin(self) -> None:
        """Marks the window open, with no drafts yet (those offered back were answered)."""
        self._write_entry({"open": True, "drafts": []})
        self._written = ()

    def keep(self, drafts: list[Draft]) -> bool:
        """Writes the drafts of now, if they changed since the last write. Returns
        whether the file was written."""
        current = tuple(d for d in drafts if d.text.strip())
        if current == self._written:
            return False
        self._write_entry({"open": True, "drafts": [asdict(d) for d in current]})
        self._written = current
        return True

    def finish(self) -> None:
        """A clean exit: nothing of this database is left to offer back."""
        data = self._read()
        databases = data.get("databases", {})
        if self.database in databases:
            del databases[self.database]
            self._write(data)
        self._written = None

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) and data.get("format") == FORMAT else {}

    def _write_entry(self, entry: dict[str, Any]) -> None:
        data = self._read()
        data.setdefault("databases", {})[self.database] = entry
        self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        data["format"] = FORMAT
        private_folder(self.path.parent)
        write_whole(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
