"""Retention: residents' names and contact details go a set time after the person's last
attendance, through erasures; checked against dates worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from forumdesk.core import attendance, forums, meetings, preferences, retention, sync
from forumdesk.db.models import Attendance, Erasure, MinutesVersion, Person
from forumdesk.db.models import Issue as issues_model

#: The day retention runs in these tests; 24 months before it is 15 June 2025.
TODAY = date(2027, 6, 15)


def _meeting(s, forum: str, day: str) -> int:
    return meetings.create_meeting(s, forum=forum, format="area-forum", date=day).id


def _sign_in(s, meeting: int, name: str | None, contact: str | None = None, **kw) -> int:
    role = kw.pop("role", "resident")
    return attendance.add_attendance(
        s,
        meeting,
        role=role,
        name=name,
        consent_named=name is not None,
        contact=contact,
        consent_contact=contact is not None,
    ).id


def _person(s, *signins: int) -> Person:
    """Links sign-ins as one person, as a facilitator confirms it (person_id directly)."""
    person = Person()
    sync.created(s, person)
    s.add(person)
    s.flush()
    for ident in signins:
        s.get(Attendance, ident).person_id = person.id
    s.flush()
    return person


@pytest.fixture
def desk(db):
    """Two forums; sign-ins before, at and after the cutoff (15 June 2025)."""
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        forums.create_forum(s, code="LLF", name="Llanfair Forum")
        march = _meeting(s, "BHF", "2025-03-04")
        cutoff = _meeting(s, "BHF", "2025-06-15")
        feb = _meeting(s, "LLF", "2025-02-05")
        october = _meeting(s, "LLF", "2026-10-08")
        ids = {
            "alice": _sign_in(s, march, "Alice Jones", "07700 900001"),
            "cllr": _sign_in(s, march, "Cllr Bob Price", "bob@council.example", role="councillor"),
            "carys_old": _sign_in(s, march, "Carys Evans", "07700 900003"),
            "carys_new": _sign_in(s, october, "Carys Evans"),
            "dai_contact": _sign_in(s, feb, None, "dai@example.org"),
            "dai_named": _sign_in(s, march, "Dai Morgan"),
            "eve": _sign_in(s, cutoff, "Eve Hughes", "07700 900005"),
            "ffion": _sign_in(s, march, "Ffion Rees", role="other"),
            "anonymous": _sign_in(s, march, None),
        }
        carys = _person(s, ids["carys_old"], ids["carys_new"])  # came back, at another forum
        dai = _person(s, ids["dai_contact"], ids["dai_named"])  # two forums, both long ago
        ids["carys"], ids["dai"] = carys.id, dai.id
        ids["dai_uuid"] = dai.uuid
    return ids


def _held(db, ident: int) -> tuple[str | None, str | None]:
    with db.read_session() as s:
        row = s.get(Attendance, ident)
        return row.name, row.contact


def test_what_is_due_is_what_was_worked_out_by_hand(db, desk) -> None:
    with db.read_session() as s:
        found = retention.plan(s, today=TODAY)
    assert found.cutoff == date(2025, 6, 15) and found.months == 24
    assert [(d.attendance_id, d.forum, d.day, d.fields, d.last_attended) for d in found.due] == [
        (desk["dai_contact"], "Llanfair Forum", date(2025, 2, 5), ("contact",), date(2025, 3, 4)),
        (
            desk["alice"],
            "Brixton Hill Area Forum",
            date(2025, 3, 4),
            ("name", "contact"),
            date(2025, 3, 4),
        ),
        (
            desk["dai_named"],
            "Brixton Hill Area Forum",
            date(2025, 3, 4),
            ("name",),
            date(2025, 3, 4),
        ),
        (desk["ffion"], "Brixton Hill Area Forum", date(2025, 3, 4), ("name",), date(2025, 3, 4)),
    ]
    # Alice, Ffion, and Dai (one person over two forums): three erasures.
    assert found.people == 3


def test_apply_erases_one_erasure_per_person_and_keeps_the_rest(db, desk) -> None:
    with db.session() as s:
        done = retention.apply(s, today=TODAY)
    assert len(done.erasures) == 3
    assert all(e.reason == "retention" for e in done.erasures)
    by_person = {e.person_uuid: e for e in done.erasures}
    dai = by_person[desk["dai_uuid"]]
    assert dai.fields == ("name", "contact")
    with db.read_session() as s:
        uuids = {row.id: row.uuid for row in s.scalars(select(Attendance))}
        assert s.scalar(select(Erasure).where(Erasure.reason == "retention").limit(1)) is not None
    assert sorted(dai.attendance) == sorted([uuids[desk["dai_contact"]], uuids[desk["dai_named"]]])
    for gone in ("alice", "dai_contact", "dai_named", "ffion"):
        assert _held(db, desk[gone]) == (None, None), gone
    # Kept: a councillor (public role), Carys (came back in 2026 at another forum), Eve
    # (exactly 24 months: not older than the period).
    assert _held(db, desk["cllr"]) == ("Cllr Bob Price", "bob@council.example")
    assert _held(db, desk["carys_old"]) == ("Carys Evans", "07700 900003")
    assert _held(db, desk["eve"]) == ("Eve Hughes", "07700 900005")
    with db.read_session() as s:  # applied again, nothing more is due
        assert retention.plan(s, today=TODAY).due == ()


def test_the_period_is_the_databases_setting(db, desk) -> None:
    with db.session() as s:
        preferences.set_setting(s, "retention_months", "28")  # cutoff 15 February 2025
    with db.read_session() as s:
        found = retention.plan(s, today=TODAY)
    # Only Dai's February sign-in is that old, and he came again in March: nothing is due.
    assert (found.cutoff, found.due) == (date(2025, 2, 15), ())


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 6, 15), 24, date(2025, 6, 15)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 31), 2, date(2025, 11, 30)),
        (date(2026, 12, 1), 12, date(2025, 12, 1)),
    ],
)
def test_months_before_counts_calendar_months(day: date, months: int, expected: date) -> None:
    assert retention.months_before(day, months) == expected


def test_a_first_run_over_many_residents_takes_every_name_out_of_free_text_and_minutes(
    db,
) -> None:
    """Over 40 names the desk's text is read once and each row's words pick the names
    (not one LIKE per name): every name must still go, and only the names that are due."""
    from forumdesk.core import issues, minutes

    with db.session() as s:
        forums.create_forum(s, code="OLD", name="Old Forum")
        old = _meeting(s, "OLD", "2024-01-10")
        recent = _meeting(s, "OLD", "2027-05-01")
        for n in range(60):
            _sign_in(s, old, f"Resident Number{n:02d}", f"07700 9{n:05d}")
        _sign_in(s, recent, "Kept Person", "07700 911111")
        issues.record_issue(
            s,
            forum="OLD",
            title="Bins",
            meeting=old,
            description="Raised by Resident Number07 and Kept Person; call 07700 900059.",
        )
        minutes.approve_minutes(s, old, approved_by="Chair")
    with db.session() as s:
        done = retention.apply(s, today=TODAY)
        assert len(done.erasures) == 60
    with db.read_session() as s:
        text = s.scalars(select(issues_model.description)).one()
        content, redactions = s.execute(
            select(MinutesVersion.content, MinutesVersion.redactions)
        ).one()
    assert "Resident Number07" not in text and "07700 900059" not in text
    assert "Kept Person" in text  # attended last month: not due
    assert "Number" not in str(content)
    assert len(redactions) == 60  # one place per resident named in the minutes
