"""What one desk sends another: a meeting after a carry-forward, and minutes that read the same."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from forumdesk.core import attendance, carry, forums, meetings, minutes
from forumdesk.exchange.document import content_sha256
from forumdesk.reports.documents import pdf_text
from forumdesk.reports.minutes import render_minutes


def _new_meeting_carried_forward(s) -> int:
    made = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-12-01")
    brought = carry.carry_forward(s, made.id)
    assert brought.actions  # the demo leaves open actions behind: something was carried
    return made.id


def test_a_meeting_carried_forward_into_is_exported_and_imported_whole(desks) -> None:
    laptop, office = desks("laptop", demo=True), desks("office")
    laptop.do(_new_meeting_carried_forward)
    # Named by forum and date, as the command line and the window's dialog pass it.
    data = laptop.export("december.json", meeting="BHF 2026-12-01")
    doc = json.loads(data)
    sent_themes = {t["uuid"] for t in doc["records"]["themes"]}
    for issue in doc["records"]["issues"]:  # the carried actions' issues came with their themes
        assert set(issue["fields"]["themes"]) <= sent_themes
    report = office.import_(data)
    assert report.counts["conflict"] == 0
    assert laptop.do(lambda s: _actions_of(s, "BHF 2026-12-01")) == office.do(
        lambda s: _actions_of(s, "BHF 2026-12-01")
    )


def _actions_of(s, meeting: str) -> list[tuple[str, str | None, bool]]:
    from forumdesk.core import actions

    return [(a.description, a.owner, a.carried) for a in actions.list_actions(s, meeting=meeting)]


def _without_resident_names(content: dict[str, Any], resident_names: set[str]) -> dict[str, Any]:
    """The minutes as a desk that was not sent residents' names must print them: counted."""
    content = copy.deepcopy(content)
    people = content["attendance"]
    people["other_residents"] += len(people["residents"])
    people["residents"] = []
    for key in ("apologies", "left_early"):
        kept = [n for n in people[key] if n not in resident_names]
        counted = [n for n in kept if re.fullmatch(r"\d+ residents? not named", n)]
        unnamed = len(people[key]) - len(kept) + sum(int(n.split()[0]) for n in counted)
        people[key] = [n for n in kept if n not in counted]
        if unnamed:
            noun = "resident" if unnamed == 1 else "residents"
            people[key].append(f"{unnamed} {noun} not named")
    return content


def _minutes_text(content: dict[str, Any]) -> str:
    return pdf_text(render_minutes(content))


def test_minutes_read_the_same_on_a_desk_sent_no_personal_data(desks) -> None:
    sender, office = desks("sender", demo=True), desks("office")
    office.import_(sender.export("plain.json"))  # the default: without personal data

    def everything(s) -> tuple[dict[str, dict[str, Any]], set[str]]:
        found = {}
        names = set()
        for m in meetings.list_meetings(s):
            label = f"{m.forum_code} {m.date}"
            found[label] = minutes.minutes_snapshot(s, label)
            people = attendance.list_attendance(s, m.id)
            names |= {p.name for p in people if p.name and not p.role.is_public}
        return found, names

    sent, resident_names = sender.do(everything)
    received, _ = office.do(everything)
    assert resident_names  # the demo names some residents who consented
    assert set(received) == set(sent)
    for label, content in sent.items():
        expected = _without_resident_names(content, resident_names)
        assert received[label] == expected, label
        got = received[label]["attendance"]
        mine = content["attendance"]
        for role in ("councillors", "officers", "partners"):
            assert got[role] == mine[role], (label, role)
        assert got["other_residents"] == len(mine["residents"]) + mine["other_residents"]
    # And as printed: the same text, residents counted instead of named.
    label = "BHF 2026-09-22"
    printed = _minutes_text(received[label])
    assert printed == _minutes_text(_without_resident_names(sent[label], resident_names))
    assert "Chair: Cllr Grace Adeyemi" in printed and "Officers: Daniel Reed" in printed
    assert not [n for n in resident_names if n in printed]
    # Who left early is still said, counted (the section went missing on the office desk).
    assert "Left early" in printed and "1 resident not named" in printed


def test_a_sign_in_without_a_name_keeps_its_role_and_is_counted_once(desks) -> None:
    laptop, office = desks("laptop"), desks("office")

    def setup(s) -> None:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        attendance.add_attendance(s, m.id, role="councillor", name="Cllr Ŵyn Parry")
        attendance.add_attendance(s, m.id, role="officer")  # signed in without a name
        attendance.add_attendance(s, m.id, role="resident")
        attendance.add_attendance(s, m.id, role="resident", name="Aled Jones", consent_named=True)
        attendance.add_attendance(
            s, m.id, role="partner", name="Sgt Helen Moss", presence="apologies"
        )

    laptop.do(setup)
    office.import_(laptop.export("plain.json"))
    for desk in (laptop, office):
        roles = desk.do(
            lambda s: sorted(p.role.value for p in attendance.list_attendance(s, "BHF 2026-03-04"))
        )
        assert roles == ["councillor", "officer", "partner", "resident", "resident"]
    sent = laptop.do(lambda s: minutes.minutes_snapshot(s, "BHF 2026-03-04"))["attendance"]
    got = office.do(lambda s: minutes.minutes_snapshot(s, "BHF 2026-03-04"))["attendance"]
    for people in (sent, got):
        assert people["councillors"] == ["Cllr Ŵyn Parry"]
        assert people["officers"] == ["1 officer not named"]  # an officer, not a resident
        assert people["apologies"] == ["Sgt Helen Moss"]
    assert (sent["residents"], sent["other_residents"]) == (["Aled Jones"], 1)
    assert (got["residents"], got["other_residents"]) == ([], 2)


def _names(desk, role: str) -> list[str | None]:
    return desk.do(
        lambda s: [
            p.name
            for m in meetings.list_meetings(s)
            for p in attendance.list_attendance(s, m.id)
            if p.role.value == role
        ]
    )


def test_names_left_out_by_an_earlier_file_are_filled_in_by_a_later_one(desks) -> None:
    sender, office = desks("sender", demo=True), desks("office")
    # A file as the default export wrote them before names of public roles travelled.
    old = json.loads(sender.export("old.json"))
    for person in old["records"]["attendance"]:
        person["fields"].pop("name", None)
    old["content_sha256"] = content_sha256(old["records"])
    office.import_(json.dumps(old, ensure_ascii=False).encode())
    assert set(_names(office, "councillor")) == {None}

    report = office.import_(sender.export("plain.json"))  # nothing changed since on the sender
    assert report.counts["conflict"] == 0
    assert _names(office, "councillor") == _names(sender, "councillor")
    assert set(_names(office, "resident")) == {None}  # still no personal data asked for

    office.import_(sender.export("named.json", personal_data=True))
    assert _names(office, "resident") == _names(sender, "resident")
    assert sender.content() == office.content()
