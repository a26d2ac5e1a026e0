"""Desk keys, trusted desks and forged files, through the command line (issue 11).

Each desk is its own database; all share the test's data folder, where each keeps its
key under its own UUID.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from forumdesk.cli import main
from forumdesk.exchange.document import content_sha256
from forumdesk.paths import data_dir
from tests.helpers import snapshot


class Desks:
    """Runs `forumdesk --db <desk> ...` for several desks of one test."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.folder = folder
        self.capsys = capsys

    def db(self, name: str) -> Path:
        return self.folder / f"{name}.sqlite"

    def make(self, name: str, *, demo: bool = False) -> Path:
        assert self.run(name, "demo" if demo else "init")[0] == 0
        return self.db(name)

    def run(self, name: str, *args: str) -> tuple[int, str, str]:
        code = main(["--db", str(self.db(name)), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def export(self, name: str, file: str, *args: str) -> Path:
        path = self.folder / file
        code, _out, err = self.run(name, "export", str(path), *args)
        assert code == 0, err
        return path

    def uuid(self, name: str) -> str:
        with sqlite3.connect(self.db(name)) as connection:
            return connection.execute("SELECT uuid FROM desk").fetchone()[0]

    def fingerprint(self, name: str) -> str:
        code, out, _ = self.run(name, "desk", "show")
        assert code == 0
        return next(
            line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("Fingerprint:")
        )

    def trust(self, name: str, file: Path) -> str:
        code, out, err = self.run(name, "desk", "trust", str(file), "--yes")
        assert code == 0, err
        return out


@pytest.fixture
def desks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Desks:
    return Desks(tmp_path, capsys)


def rewrite(path: Path, change, target: Path | None = None, *, rehash: bool = True) -> Path:
    """A copy of an exchange file with ``change(doc)`` applied (and its hash made right)."""
    doc = json.loads(path.read_bytes())
    change(doc)
    if rehash:
        doc["content_sha256"] = content_sha256(doc["records"])
    target = target or path.with_name("forged-" + path.name)
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def issue_field(db: Path, reference: str, column: str) -> str | None:
    with sqlite3.connect(db) as connection:
        found = connection.execute(
            f"SELECT {column} FROM issue WHERE reference = ?", (reference,)
        ).fetchone()
    return found and found[0]


def issue_title(db: Path, reference: str) -> str | None:
    return issue_field(db, reference, "title")


# 1. Keys -------------------------------------------------------------------------------


def test_each_desk_makes_its_own_private_key_on_first_use(desks) -> None:
    desks.make("laptop")
    desks.make("office")
    laptop, office = desks.fingerprint("laptop"), desks.fingerprint("office")
    assert laptop != office
    groups = laptop.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    folder = data_dir() / "keys"
    key = folder / f"{desks.uuid('laptop')}.key"
    assert key.is_file() and (folder / f"{desks.uuid('office')}.key").is_file()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert desks.fingerprint("laptop") == laptop  # the same key, not a new one
    _code, out, _ = desks.run("laptop", "desk", "show")
    from forumdesk.domain.references import mark_of

    assert f"UUID: {desks.uuid('laptop')}" in out
    assert f"Mark: {mark_of(desks.uuid('laptop'))}" in out  # what its references carry
    assert "It trusts no desks yet" in out


def test_a_key_file_others_can_read_is_refused_saying_how_to_fix_it(desks, tmp_path) -> None:
    desks.make("laptop")
    desks.fingerprint("laptop")
    key = data_dir() / "keys" / f"{desks.uuid('laptop')}.key"
    key.chmod(0o644)
    code, _, err = desks.run("laptop", "export", str(tmp_path / "out.json"))
    assert code == 3
    assert "can be read or changed by other users" in err and f"chmod 600 {key}" in err
    assert not (tmp_path / "out.json").exists()

    council = tmp_path / "council.key"
    council.write_text("a council key of some length")
    council.chmod(0o640)
    key.chmod(0o600)
    code, _, err = desks.run(
        "laptop", "export", str(tmp_path / "out.json"), "--key-file", str(council)
    )
    assert code == 3 and f"chmod 600 {council}" in err


# 2. Every export is signed ---------------------------------------------------------------


def test_every_export_is_signed_by_its_desk(desks) -> None:
    desks.make("laptop", demo=True)
    doc = json.loads(desks.export("laptop", "all.json").read_bytes())
    signed = doc["desk_signature"]
    assert signed["algorithm"] == "Ed25519" and len(signed["value"]) == 128
    from forumdesk.exchange import trust

    assert trust.fingerprint(signed["public_key"]) == desks.fingerprint("laptop")


# 3 and 4. Trusted desks and the rule --------------------------------------------------------


def test_trust_list_and_revoke(desks) -> None:
    desks.make("laptop", demo=True)
    desks.make("office")
    file = desks.export("laptop", "bhf.json", "--forum", "BHF")
    fingerprint = desks.fingerprint("laptop")
    out = desks.trust("office", file)
    assert fingerprint in out and "is trusted" in out
    assert "was trusted already" in desks.trust("office", file)
    code, out, _ = desks.run("office", "desk", "list")
    assert fingerprint in out and desks.uuid("laptop") in out
    code, out, _ = desks.run("office", "desk", "show")
    assert "It trusts 1 desk " in out

    code, out, _ = desks.run("office", "import", str(file))
    assert code == 0 and "trusted here" in out
    with sqlite3.connect(desks.db("office")) as connection:
        signed_by = connection.execute(
            "SELECT signed_by FROM exchange_log WHERE direction = 'import'"
        ).fetchall()
    assert signed_by == [(fingerprint,)]

    code, out, _ = desks.run("office", "desk", "revoke", fingerprint[:9])
    assert code == 0 and "no longer trusted" in out
    code, out, _ = desks.run("office", "desk", "list", "--json")
    [listed] = json.loads(out)
    assert listed["revoked_at"] is not None
    again = desks.export("laptop", "again.json", "--forum", "BHF")
    before = snapshot(desks.db("office"))
    code, _, err = desks.run("office", "import", str(again))
    assert code == 3 and "revoked here on" in err and fingerprint in err
    assert snapshot(desks.db("office")) == before
    code, _, err = desks.run("office", "desk", "trust", str(again), "--yes")
    assert code == 3 and "cannot be trusted again" in err
    code, _, err = desks.run("office", "desk", "revoke", "nobody")
    assert code == 3 and "No trusted desk" in err


def test_trusting_without_yes_and_without_a_terminal_trusts_nothing(desks, monkeypatch) -> None:
    desks.make("laptop")
    desks.make("office")
    file = desks.export("laptop", "all.json")
    code, out, err = desks.run("office", "desk", "trust", str(file))
    assert code == 3 and "--yes" in err and desks.fingerprint("laptop") in out
    code, out, _ = desks.run("office", "desk", "list")
    assert "trusts no desks yet" in out


def test_a_desk_that_trusts_none_imports_as_before_saying_who_signed(desks) -> None:
    desks.make("laptop", demo=True)
    desks.make("office")
    file = desks.export("laptop", "all.json")
    code, out, _ = desks.run("office", "import", str(file))
    assert code == 0 and "trusts no desks yet" in out and desks.fingerprint("laptop") in out


@pytest.fixture
def trusting(desks):
    """An office that trusts the laptop; the laptop's file; a stranger desk."""
    desks.make("laptop", demo=True)
    desks.make("office")
    desks.make("stranger", demo=True)
    file = desks.export("laptop", "bhf.json", "--forum", "BHF")
    desks.trust("office", file)
    assert desks.run("office", "import", str(file))[0] == 0
    return desks, file


def refused(desks, file: Path, *words: str, extra: tuple[str, ...] = ()) -> str:
    db = desks.db("office")
    before = snapshot(db)
    code, out, err = desks.run("office", "import", str(file), *extra)
    assert code == 3, out + err
    assert snapshot(db) == before
    for word in words:
        assert word in err, err
    return err


# 8. Forged files ---------------------------------------------------------------------------


def test_an_unsigned_file_is_refused_by_a_desk_that_trusts_desks(trusting) -> None:
    desks, file = trusting
    unsigned = rewrite(file, lambda d: d.pop("desk_signature"))
    refused(desks, unsigned, "not signed by its desk", desks.uuid("laptop"), "--allow-unsigned")
    code, out, _ = desks.run("office", "import", str(unsigned), "--allow-unsigned")
    assert code == 0 and "let in unsigned, as asked" in out


def test_a_stripped_signature_over_an_edit_is_refused(trusting) -> None:
    desks, _ = trusting
    assert desks.run("laptop", "issue", "status", "BHF-0001", "referred")[0] == 0
    later = desks.export("laptop", "later.json")

    def forge(doc) -> None:
        doc.pop("desk_signature")
        issue = next(i for i in doc["records"]["issues"] if i["fields"]["reference"] == "BHF-0001")
        issue["fields"]["title"] = "Forged title"

    refused(desks, rewrite(later, forge), "not signed by its desk")
    assert issue_title(desks.db("office"), "BHF-0001") != "Forged title"


def test_a_file_signed_by_an_unknown_desk_is_refused_naming_it(trusting) -> None:
    desks, _ = trusting
    theirs = desks.export("stranger", "stranger.json")
    refused(desks, theirs, "does not trust", desks.fingerprint("stranger"), "desk trust")


def test_a_changed_byte_under_a_desk_signature_is_refused(trusting) -> None:
    desks, file = trusting
    forged = rewrite(file, lambda d: d["records"]["forums"][0]["fields"].update(name="Forged"))
    refused(desks, forged, "desk signature does not match", desks.fingerprint("laptop"))


def test_a_trusted_desk_cannot_carry_an_edit_stamped_by_a_desk_it_never_heard_from(
    trusting,
) -> None:
    """The laptop's key signs a file carrying an edit stamped as the stranger desk."""
    desks, _ = trusting
    stranger = desks.uuid("stranger")
    forged = desks.folder / "forged.json"

    def stamp(doc) -> None:
        issue = doc["records"]["issues"][0]
        issue["fields"]["title"] = "Said by the stranger"
        issue["vv"][stranger] = 1
        issue["dots"]["title"] = [stranger, 1]

    rewrite(desks.folder / "bhf.json", stamp, forged)
    # Signed again by the laptop's own key, as a laptop turned bad would.
    from forumdesk.exchange import document, trust

    doc = json.loads(forged.read_bytes())
    doc["desk_signature"] = trust.sign(desks.uuid("laptop"), document.desk_signed_bytes(doc))
    forged.write_text(json.dumps(doc))
    refused(desks, forged, f"stamped by desk {stranger}", "received_from")


def test_a_stripped_signature_with_this_desks_counter_bumped_by_100_is_refused(trusting) -> None:
    desks, _ = trusting
    office = desks.uuid("office")
    assert desks.run("office", "issue", "status", "BHF-0002", "referred")[0] == 0
    title = issue_title(desks.db("office"), "BHF-0002")
    desks.trust("laptop", desks.export("office", "office.json"))
    desks.run("laptop", "import", str(desks.folder / "office.json"))
    back = desks.export("laptop", "back.json")

    def forge(doc) -> None:
        doc.pop("desk_signature")
        issue = next(i for i in doc["records"]["issues"] if i["fields"]["reference"] == "BHF-0002")
        issue["fields"]["title"] = "Forged with the office's name"
        issue["vv"][office] += 100
        issue["dots"]["title"] = [office, issue["vv"][office]]

    forged = rewrite(back, forge)
    refused(desks, forged, "not signed by its desk")
    # Even let in unsigned on purpose, the office's own counter gives it away.
    refused(desks, forged, "stamped as this desk", "never made", extra=("--allow-unsigned",))
    assert issue_title(desks.db("office"), "BHF-0002") == title


def test_the_bumped_counter_is_refused_by_a_desk_that_trusts_none(desks) -> None:
    desks.make("laptop", demo=True)
    desks.make("office")
    desks.run("office", "import", str(desks.export("laptop", "bhf.json", "--forum", "BHF")))
    office = desks.uuid("office")
    forged = rewrite(
        desks.export("laptop", "again.json", "--forum", "BHF"),
        lambda d: d["records"]["issues"][0]["vv"].update({office: 101}),
    )
    refused(desks, forged, "stamped as this desk (counter 101)", "never made")


def test_work_relayed_through_a_trusted_desk_is_taken(desks) -> None:
    """Stranger → laptop → office: the office trusts only the laptop, which trusts the
    stranger and names it in received_from."""
    desks.make("laptop", demo=True)
    desks.make("office")
    desks.make("stranger")
    desks.run("stranger", "import", str(desks.export("laptop", "bhf.json", "--forum", "BHF")))
    assert desks.run("stranger", "issue", "status", "BHF-0003", "referred")[0] == 0
    from_stranger = desks.export("stranger", "s.json")
    desks.trust("laptop", from_stranger)
    assert desks.run("laptop", "import", str(from_stranger))[0] == 0
    relayed = desks.export("laptop", "relayed.json")
    listed = json.loads(relayed.read_bytes())["received_from"]
    assert [(e["uuid"], e["fingerprint"]) for e in listed] == [
        (desks.uuid("stranger"), desks.fingerprint("stranger"))
    ]
    desks.trust("office", relayed)
    code, _out, err = desks.run("office", "import", str(relayed))
    assert code == 0, err
    assert issue_field(desks.db("office"), "BHF-0003", "status") == "referred"
    # The office passes it on, naming the stranger as relayed through the laptop.
    onward = json.loads(desks.export("office", "onward.json").read_bytes())["received_from"]
    assert {e["uuid"] for e in onward} == {desks.uuid("stranger"), desks.uuid("laptop")}


def test_a_relayed_desk_listed_with_a_false_key_is_refused(trusting) -> None:
    desks, _ = trusting
    desks.trust("office", desks.export("stranger", "stranger.json"))
    from forumdesk.exchange import document, trust

    doc = json.loads(desks.export("laptop", "next.json", "--forum", "BHF").read_bytes())
    doc["received_from"] = [
        {"uuid": desks.uuid("stranger"), "name": "stranger", "fingerprint": "0000 " * 7 + "0000"}
    ]
    doc["desk_signature"] = trust.sign(desks.uuid("laptop"), document.desk_signed_bytes(doc))
    forged = desks.folder / "false-key.json"
    forged.write_text(json.dumps(doc))
    refused(desks, forged, "this desk knows that desk by key", desks.fingerprint("stranger"))


def test_key_files_are_private_to_their_owner_when_made(desks) -> None:
    """The process umask must not widen the new key's permissions."""
    old = os.umask(0o000)
    try:
        desks.make("laptop")
        desks.fingerprint("laptop")
    finally:
        os.umask(old)
    key = data_dir() / "keys" / f"{desks.uuid('laptop')}.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_a_desk_with_a_new_key_is_refused_until_trusted_again(trusting) -> None:
    desks, _ = trusting
    old = desks.fingerprint("laptop")
    key = data_dir() / "keys" / f"{desks.uuid('laptop')}.key"
    key.rename(key.with_suffix(".lost"))  # a new laptop: a new key is made on first use
    new = desks.fingerprint("laptop")
    assert new != old
    file = desks.export("laptop", "new-key.json", "--forum", "BHF")
    refused(desks, file, new, f"trusts that desk with key {old}")
    out = desks.trust("office", file)
    assert f"new key (it was {old})" in out
    code, _, err = desks.run("office", "import", str(file))
    assert code == 0, err
    listed = json.loads(desks.export("office", "onward.json").read_bytes())["received_from"]
    assert [e["fingerprint"] for e in listed] == [new]  # the latest key only


def test_a_revoked_key_stays_revoked_when_the_desk_is_given_a_new_one(trusting) -> None:
    desks, _ = trusting
    old = desks.fingerprint("laptop")
    key = data_dir() / "keys" / f"{desks.uuid('laptop')}.key"
    old_file = desks.export("laptop", "old-key.json", "--forum", "BHF")
    assert desks.run("office", "desk", "revoke", old.split()[0])[0] == 0
    key.rename(key.with_suffix(".lost"))
    new_file = desks.export("laptop", "new-key.json", "--forum", "BHF")
    new = desks.fingerprint("laptop")
    # Before the new key is trusted, the refusal does not call the revoked key trusted.
    err = refused(desks, new_file, new)
    assert f"trusts that desk with key {old}" not in err
    desks.trust("office", new_file)
    # The old key comes back (the file found again): it was revoked, and stays so.
    key.with_suffix(".lost").replace(key)
    code, _, err = desks.run("office", "desk", "trust", str(old_file), "--yes")
    assert code == 3 and "cannot be trusted again" in err
    refused(desks, old_file, "revoked here on")
    code, out, _ = desks.run("office", "desk", "list")
    assert old in out and new in out and "revoked" in out.lower()


def test_a_file_claiming_to_be_this_desk_signed_with_another_key_is_forged(trusting) -> None:
    desks, _ = trusting
    from forumdesk.exchange import document
    from forumdesk.exchange import trust as keys

    stranger = desks.export("stranger", "stranger.json", "--forum", "BHF")
    office_uuid, stranger_uuid = desks.uuid("office"), desks.uuid("stranger")

    def claim_office(doc: dict) -> None:  # signed again, whole, with the stranger's key
        doc["desk"]["uuid"] = office_uuid
        doc.pop(document.DESK_SIGNATURE)
        doc[document.DESK_SIGNATURE] = keys.sign(
            stranger_uuid, document.desk_signed_bytes(doc, document.canonical(doc["records"]))
        )

    forged = rewrite(stranger, claim_office, rehash=False)
    # It never passes as this desk's own file, even when a person allows unsigned files.
    err = refused(desks, forged, "claims to come from this very desk", extra=("--allow-unsigned",))
    assert "desk trust FILE" not in err
    code, _, err = desks.run("office", "desk", "trust", str(forged), "--yes")
    assert code == 3
    assert "a desk always trusts its own files" not in err
