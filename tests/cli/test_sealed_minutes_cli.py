"""Approved minutes stay sealed on import: forged files are refused from the command line.

Two desks: the laptop approves the minutes of BHF 2026-09-22 and the office imports them.
Then files claiming to come from the laptop try to change what was approved; each is
refused with exit 3, the office's database is left as it was, and `minutes verify` still
accepts the genuine PDF and refuses the forger's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from forumdesk.cli import main
from forumdesk.core import agenda, minutes
from forumdesk.db.store import open_database
from forumdesk.exchange import document
from forumdesk.reports.minutes import render_minutes
from tests.helpers import snapshot

MEETING = "BHF 2026-09-22"


class Desks:
    """The laptop and the office, each a database file run through the command line."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.folder = folder
        self.capsys = capsys
        self.laptop = folder / "laptop.sqlite"
        self.office = folder / "office.sqlite"

    def run(self, db: Path, *args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def export(self, name: str) -> dict[str, Any]:
        path = self.folder / name
        code, _, err = self.run(self.laptop, "export", str(path))
        assert code == 0, err
        return json.loads(path.read_text(encoding="utf-8"))

    def import_(self, doc: dict[str, Any], name: str = "forged.forumdesk.json") -> tuple:
        path = self.folder / name
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        return self.run(self.office, "import", str(path))

    def verify(self, pdf: Path) -> tuple[int, str]:
        code, out, _ = self.run(self.office, "minutes", "verify", str(pdf))
        return code, out


@pytest.fixture
def sealed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Desks:
    """The minutes of BHF 2026-09-22 approved on the laptop and imported by the office,
    with the genuine approved PDF made on the office (``genuine.pdf``)."""
    desks = Desks(tmp_path, capsys)
    assert desks.run(desks.laptop, "demo")[0] == 0
    assert desks.run(desks.office, "init")[0] == 0
    code, _, err = desks.run(desks.laptop, "minutes", "approve", MEETING, "--by", "Priya Shah")
    assert code == 0, err
    code, _, err = desks.import_(desks.export("approved.forumdesk.json"), "approved.json")
    assert code == 0, err
    genuine = tmp_path / "genuine.pdf"
    assert desks.run(desks.office, "minutes", MEETING, "--out", str(genuine))[0] == 0
    assert desks.verify(genuine)[0] == 0
    return desks


def forged(doc: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """The file changed by ``change``, its content hash made again as a forger would."""
    change(doc)
    doc["content_sha256"] = document.content_sha256(doc["records"])
    return doc


def edited(doc: dict[str, Any], record: dict[str, Any], **fields: Any) -> None:
    """Changes fields of a record as an edit on the sending desk would: a newer version."""
    desk = doc["desk"]["uuid"]
    record["vv"][desk] = record["vv"].get(desk, 0) + 1
    for name, value in fields.items():
        record["fields"][name] = value
        record["dots"][name] = [desk, record["vv"][desk]]


def the_version(doc: dict[str, Any]) -> dict[str, Any]:
    [version] = doc["records"]["minutes_versions"]
    return version


def forged_pdf(folder: Path, content: dict[str, Any], by: str) -> Path:
    """The PDF a forger makes of the content they put in the file."""
    from datetime import UTC, datetime

    path = folder / "forged.pdf"
    approval = {"by": by, "at": datetime(2026, 9, 30, tzinfo=UTC)}
    path.write_bytes(
        render_minutes(
            content, version=1, content_hash=minutes.content_hash(content), approval=approval
        )
    )
    return path


def assert_refused(desks: Desks, doc: dict[str, Any], *said: str) -> str:
    before = snapshot(desks.office)
    code, _, err = desks.import_(doc)
    assert code == 3, err
    assert "Traceback" not in err and "unexpected" not in err
    for words in said:
        assert words in err, err
    assert snapshot(desks.office) == before
    return err


def assert_verify_unharmed(desks: Desks, forgery: Path) -> None:
    code, said = desks.verify(desks.folder / "genuine.pdf")
    assert code == 0 and "matches approved version 1" in said, said
    code, said = desks.verify(forgery)
    assert code == 1, said


def _forge_content(content: dict[str, Any]) -> dict[str, Any]:
    content = json.loads(json.dumps(content))
    content["items"][0]["notes"] = "The forum agreed to close the library on Saturdays."
    return content


@pytest.mark.parametrize("newer", [True, False], ids=["a higher version", "the same version"])
def test_forged_content_for_an_approved_version_is_refused(sealed: Desks, newer: bool) -> None:
    doc = sealed.export("genuine.forumdesk.json")
    version = the_version(doc)
    content = _forge_content(version["fields"]["content"])
    changes = {"content": content, "content_hash": minutes.content_hash(content)}

    def forge(doc: dict[str, Any]) -> None:
        if newer:
            edited(doc, version, **changes)
        else:
            version["fields"].update(changes)

    err = assert_refused(
        sealed, forged(doc, forge), MEETING, "version 1", f"desk '{doc['desk']['name']}'"
    )
    assert "tampered with" in err and "content" in err
    assert_verify_unharmed(sealed, forged_pdf(sealed.folder, content, "Priya Shah"))


def test_a_forged_hash_or_approver_for_an_approved_version_is_refused(sealed: Desks) -> None:
    doc = sealed.export("genuine.forumdesk.json")
    version = the_version(doc)
    content = version["fields"]["content"]
    forgery = forged_pdf(sealed.folder, _forge_content(content), "Mallory")

    forged_hash = minutes.content_hash(_forge_content(content))
    hash_only = forged(
        json.loads(json.dumps(doc)),
        lambda d: the_version(d)["fields"].update(content_hash=forged_hash),
    )
    assert_refused(sealed, hash_only, MEETING, "version 1", "content hash")
    # The file withholds the residents' names from the content, so its copy cannot hash on
    # its own (tests/exchange/test_personal_exports.py checks it against a whole copy).
    assert version["fields"]["redactions"]
    assert_verify_unharmed(sealed, forgery)

    approver = forged(doc, lambda d: edited(d, version, approved_by="Mallory"))
    assert_refused(sealed, approver, MEETING, "version 1", "approver")
    assert_verify_unharmed(sealed, forgery)


def test_a_second_version_forged_without_reopening_is_refused(sealed: Desks) -> None:
    """A version 2 sealed on top of a version 1 the sending desk never reopened."""
    doc = sealed.export("genuine.forumdesk.json")
    version = the_version(doc)
    content = _forge_content(version["fields"]["content"])
    second = json.loads(json.dumps(version))
    second["uuid"] = "5d1b3a2e-0f4c-4d8a-9e6b-7c1f2a3b4c5d"
    second["vv"] = {doc["desk"]["uuid"]: 1}
    second["dots"] = {}
    second["fields"].update(version=2, content=content, content_hash=minutes.content_hash(content))
    doc = forged(doc, lambda d: d["records"]["minutes_versions"].append(second))
    err = assert_refused(sealed, doc, MEETING, "Minutes, version 2")
    assert "without a reopening this desk can accept" in err
    assert_verify_unharmed(sealed, forged_pdf(sealed.folder, content, "Priya Shah"))


def test_two_versions_with_one_number_are_refused_with_a_sentence(sealed: Desks) -> None:
    doc = sealed.export("genuine.forumdesk.json")
    version = the_version(doc)
    twin = json.loads(json.dumps(version))
    twin["uuid"] = "0e2f6c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b"
    twin["fields"]["approved_by"] = "Someone else"
    # In one file, into a desk that has neither: the database refused it (exit 1).
    both = forged(
        json.loads(json.dumps(doc)), lambda d: d["records"]["minutes_versions"].append(twin)
    )
    fresh = sealed.folder / "fresh.sqlite"
    assert sealed.run(fresh, "init")[0] == 0
    path = sealed.folder / "both.forumdesk.json"
    path.write_text(json.dumps(both), encoding="utf-8")
    before = snapshot(fresh)
    code, _, err = sealed.run(fresh, "import", str(path))
    assert code == 3, err
    assert f"Minutes of {MEETING}: the file holds version 1 twice" in err
    assert snapshot(fresh) == before
    # One in the file, the other here.
    other = forged(doc, lambda d: d["records"]["minutes_versions"].__setitem__(0, twin))
    assert_refused(sealed, other, MEETING, "another version 1")
    assert_verify_unharmed(sealed, forged_pdf(sealed.folder, version["fields"]["content"], "X"))


def _agenda_item(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An agenda item of the approved meeting that has an outcome, and that outcome."""
    meeting = the_version(doc)["fields"]["meeting"]
    items = [r for r in doc["records"]["agenda_items"] if r["fields"]["meeting"] == meeting]
    outcomes = {r["fields"]["agenda_item"]: r for r in doc["records"]["outcomes"]}
    item = next(i for i in items if i["uuid"] in outcomes)
    return item, outcomes[item["uuid"]]


def test_edits_to_an_approved_meetings_notes_and_outcomes_are_refused(sealed: Desks) -> None:
    doc = sealed.export("genuine.forumdesk.json")
    item, outcome = _agenda_item(doc)

    def forge(doc: dict[str, Any]) -> None:
        edited(doc, item, notes="Nothing was said about the library.")
        edited(doc, outcome, text="The library closes on Saturdays.")

    err = assert_refused(sealed, forged(doc, forge), MEETING, "Notes", "Text")
    assert "approved here (version 1)" in err and "without a reopening this desk can accept" in err
    assert f"desk '{doc['desk']['name']}'" in err
    content = _forge_content(the_version(doc)["fields"]["content"])
    assert_verify_unharmed(sealed, forged_pdf(sealed.folder, content, "Priya Shah"))


@pytest.mark.parametrize("approve_again", [True, False], ids=["version 2", "a draft"])
def test_a_reopening_from_the_other_desk_merges_with_its_edits(
    sealed: Desks, approve_again: bool
) -> None:
    laptop = open_database(str(sealed.laptop))
    try:
        with laptop.session() as s:
            minutes.reopen_minutes(s, MEETING, reason="The notes of item 1 were wrong")
            item = agenda.list_agenda(s, MEETING)[0]
            agenda.edit_agenda_item(s, item.id, {"notes": "Corrected notes."})
    finally:
        laptop.dispose()
    if approve_again:
        assert sealed.run(sealed.laptop, "minutes", "approve", MEETING)[0] == 0
    code, _, err = sealed.import_(sealed.export("reopened.forumdesk.json"))
    assert code == 0, err

    office = open_database(str(sealed.office))
    try:
        with office.read_session() as s:
            assert agenda.list_agenda(s, MEETING)[0].notes == "Corrected notes."
            state = minutes.minutes_state(s, MEETING)
    finally:
        office.dispose()
    assert state.versions[0].reopened_at is not None
    assert (state.sealed is not None) is approve_again
    code, said = sealed.verify(sealed.folder / "genuine.pdf")
    assert code == 0 and "matches approved version 1 (since reopened)" in said, said
    if approve_again:
        second = sealed.folder / "v2.pdf"
        assert sealed.run(sealed.office, "minutes", MEETING, "--out", str(second))[0] == 0
        code, said = sealed.verify(second)
        assert code == 0 and "matches approved version 2" in said, said


def test_a_reopening_relayed_by_a_trusted_desk_is_accepted(tmp_path: Path, capsys) -> None:
    """Hub and spoke: laptop B corrects the minutes, the office passes them on to laptop A,
    which trusts the office; A takes the reopening as B's, vouched for by the office."""
    desks = Desks(tmp_path, capsys)
    office, a, b = tmp_path / "office.sqlite", tmp_path / "a.sqlite", tmp_path / "b.sqlite"

    def run(db: Path, *args: str) -> tuple[int, str, str]:
        return desks.run(db, *args)

    def export(db: Path, name: str) -> Path:
        path = tmp_path / name
        code, _, err = run(db, "export", str(path))
        assert code == 0, err
        return path

    assert run(office, "demo")[0] == 0
    assert run(office, "minutes", "approve", MEETING, "--by", "Priya Shah")[0] == 0
    first = export(office, "o1.forumdesk.json")
    for laptop in (a, b):
        assert run(laptop, "init")[0] == 0
    assert run(a, "desk", "trust", str(first), "--yes")[0] == 0
    for laptop in (a, b):
        code, _, err = run(laptop, "import", str(first))
        assert code == 0, err
    assert run(b, "minutes", "reopen", MEETING, "--reason", "Wrong venue")[0] == 0
    assert run(b, "minutes", "approve", MEETING, "--by", "Priya Shah")[0] == 0
    code, _, err = run(office, "import", str(export(b, "b1.forumdesk.json")))
    assert code == 0, err
    code, _, err = run(a, "import", str(export(office, "o2.forumdesk.json")))
    assert code == 0, err
    later = tmp_path / "a-v2.pdf"
    assert run(a, "minutes", MEETING, "--out", str(later))[0] == 0
    code, out, _ = run(a, "minutes", "verify", str(later))
    assert code == 0 and "matches approved version 2" in out
