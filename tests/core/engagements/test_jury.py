"""Policy juries: the pool, the stratified draw re-run from its seed, sessions, recommendations."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select

from forumdesk.core import attendance, forums, lookup
from forumdesk.core.engagements import base, jury, jury_draw, jury_sessions
from forumdesk.db.models import Draw, Participant
from forumdesk.db.store import Database
from forumdesk.domain.enums import LinkRole, Mechanism, MeetingFormat, ParticipantRole, PolicyStage
from forumdesk.domain.errors import InputRefused, InvalidValue
from tests.conftest import Sample


def _jury(db: Database, sample: Sample, wards: dict[str, int], **fields: object) -> int:
    """A jury whose pool has ``wards[w]`` volunteers from each ward (ages alternate); the
    sample forum's wards become those."""
    with db.session() as s:
        forums.edit_forum(s, sample.forum_code, {"wards": list(wards)})
        made = base.add_engagement(s, "jury", forum=sample.forum_code, title="Traffic", **fields)
        n = 0
        for ward, count in wards.items():
            for _i in range(count):
                n += 1
                jury.add_volunteer(
                    s,
                    made.id,
                    name=f"Volunteer {n}",
                    consent_named=True,
                    ward=ward,
                    age_band="18-44" if n % 2 else "45+",
                )
    return made.id


def _uuids_by_ward(db: Database, ident: int) -> dict[str, list[str]]:
    with db.read_session() as s:
        rows = s.scalars(select(Participant).where(Participant.engagement_id == ident)).all()
        found: dict[str, list[str]] = {}
        for p in sorted(rows, key=lambda p: p.uuid):
            found.setdefault(p.ward, []).append(p.uuid)
    return found


def test_largest_remainder_gives_each_stratum_its_share() -> None:
    # 4 from 5/3/2: exact shares 2.0, 1.2, 0.8; floors 2, 1, 0; the seat left goes to
    # the largest remainder (C's 0.8).
    assert jury_draw.proportional({"A": 5, "B": 3, "C": 2}, 4) == {"A": 2, "B": 1, "C": 1}
    # 12 from 12/10/8: 4.8, 4.0, 3.2 -> 4, 4, 3 and one more for 4.8.
    assert jury_draw.proportional({"BH": 12, "TH": 10, "SM": 8}, 12) == {
        "BH": 5,
        "TH": 4,
        "SM": 3,
    }
    # Equal remainders: the stratum first in text order.
    assert jury_draw.proportional({"B": 1, "A": 1, "C": 1}, 2) == {"A": 1, "B": 1, "C": 0}


def test_the_draw_is_stratified_by_ward_and_anyone_can_rerun_it_from_the_seed(
    db: Database, sample: Sample
) -> None:
    ident = _jury(db, sample, {"North": 5, "South": 3, "East": 2})
    with db.session() as s:
        made = jury.draw(s, ident, size=4, by=["ward"], seed="Forum 4 May", witnesses=["A Clerk"])
    assert [(q.stratum, q.available, q.drawn) for q in made.quotas] == [
        ("East", 2, 1),
        ("North", 5, 2),
        ("South", 3, 1),
    ]
    assert made.seed == "Forum 4 May" and made.witnesses == ("A Clerk",) and made.pool_size == 10
    # By hand, as docs/engagements.md tells a resident to: the pool in UUID order, the
    # strata in text order, from each the member at int(rng.random() * members left).
    wards = _uuids_by_ward(db, ident)
    rng = random.Random("Forum 4 May")
    expected = []
    for ward, quota in (("East", 1), ("North", 2), ("South", 1)):
        for _n in range(quota):
            expected.append(wards[ward].pop(int(rng.random() * len(wards[ward]))))
    with db.read_session() as s:
        stored = s.scalars(select(Draw)).one()
        stored_pool, stored_chosen = list(stored.pool), list(stored.chosen)
        jurors = {p.uuid for p in s.scalars(select(Participant)) if p.role is ParticipantRole.JUROR}
        pool = jury.pool(s, ident)
    assert stored_chosen == expected and jurors == set(expected)
    assert sorted(stored_pool) == stored_pool and len(stored_pool) == 10
    assert sum(v.juror for v in pool) == 4
    numbers = {uuid: n for n, uuid in enumerate(stored_pool, start=1)}
    assert [j.number for j in made.jurors] == [numbers[u] for u in expected]
    with db.read_session() as s:
        check = jury.rerun(s, made.id)
    assert check.same and list(check.again) == [numbers[u] for u in expected]


def test_the_same_seed_gives_the_same_jurors_and_another_seed_others(
    db: Database, sample: Sample
) -> None:
    ident = _jury(db, sample, {"North": 10, "South": 10})
    with db.session() as s:
        first = jury.draw(s, ident, size=6, seed="one")
        again = jury.draw(s, ident, size=6, seed="one")
        other = jury.draw(s, ident, size=6, seed="two")
    assert [j.number for j in first.jurors] == [j.number for j in again.jurors]
    assert [j.number for j in first.jurors] != [j.number for j in other.jurors]
    with db.read_session() as s:
        # The latest draw's jurors only: an earlier draw's jurors went back to the pool.
        jurors = s.scalar(select(func.count()).where(Participant.role == ParticipantRole.JUROR))
        assert jurors == 6
        assert {p.draw_id for p in s.scalars(select(Participant)) if p.draw_id} == {other.id}


def test_a_draw_by_ward_and_age_band_keeps_explicit_quotas(db: Database, sample: Sample) -> None:
    ident = _jury(db, sample, {"North": 4, "South": 4})
    with db.session() as s:
        made = jury.draw(
            s,
            ident,
            size=None,
            by=["ward", "age-band"],
            seed="s",
            quotas={"North|18-44": 2, "South|45+": 1},
        )
    assert made.size == 3
    drawn = {q.stratum: q.drawn for q in made.quotas}
    assert drawn == {"North|18-44": 2, "North|45+": 0, "South|18-44": 0, "South|45+": 1}
    assert sorted((j.ward, j.age_band) for j in made.jurors) == [
        ("North", "18-44"),
        ("North", "18-44"),
        ("South", "45+"),
    ]


def test_a_short_stratum_or_pool_is_refused_and_nothing_is_stored(
    db: Database, sample: Sample
) -> None:
    ident = _jury(db, sample, {"North": 4, "South": 1})
    with (
        pytest.raises(InputRefused, match="South has 1 volunteer, too few for 2 jurors"),
        db.session() as s,
    ):
        jury.draw(s, ident, size=None, seed="x", quotas={"North": 1, "South": 2})
    with (
        pytest.raises(InputRefused, match="The pool has 5 volunteers, fewer than the 6"),
        db.session() as s,
    ):
        jury.draw(s, ident, size=6, seed="x")
    with (
        pytest.raises(InvalidValue, match="not something a draw can be made by"),
        db.session() as s,
    ):
        jury.draw(s, ident, size=2, seed="x", by=["postcode"])
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Draw)) == 0
        assert not any(v.juror for v in jury.pool(s, ident))


def test_a_rerun_notices_a_pool_changed_since_the_draw(db: Database, sample: Sample) -> None:
    ident = _jury(db, sample, {"North": 3, "South": 3})
    with db.session() as s:
        made = jury.draw(s, ident, size=2, seed="x")
    with db.session() as s:
        # Someone moves every volunteer to one ward after the draw: a re-run differs.
        for p in s.scalars(select(Participant)):
            p.ward = "North"
    with db.read_session() as s:
        assert not jury.rerun(s, made.id).same


def test_consented_sign_ins_join_the_pool_once(db: Database, sample: Sample) -> None:
    with db.session() as s:
        made = base.add_engagement(s, "jury", forum=sample.forum_code, title="Traffic")
        attendance.add_attendance(s, sample.meeting_id, role="resident")  # not named
        attendance.add_attendance(
            s, sample.meeting_id, role="officer", name="Daniel Reed"
        )  # not a resident
        added = jury.pool_from_meeting(s, made.id, sample.meeting_id)
    assert [p.name for p in added] == ["Aled Jones"]
    with db.session() as s:
        assert jury.pool_from_meeting(s, made.id, sample.meeting_id) == []
        forums.edit_forum(s, sample.forum_code, {"wards": ["Brixton Hill", "Tulse Hill"]})
        volunteer = jury.edit_volunteer(s, added[0].id, ward="tulse hill", age_band="30-44")
    assert (volunteer.ward, volunteer.age_band) == ("Tulse Hill", "30-44")  # the forum's spelling
    with db.read_session() as s:
        assert [(v.name, v.from_meeting) for v in jury.pool(s, made.id)] == [("Aled Jones", True)]


def test_sessions_witnesses_and_recommendations(db: Database, sample: Sample) -> None:
    with db.session() as s:
        made = base.add_engagement(
            s, "jury", forum=sample.forum_code, title="Traffic", response_days=30
        )
        held = jury_sessions.add_session(s, made.id, day=date(2026, 6, 20), venue="Library")
        jury_sessions.add_witness(
            s, made.id, "Sgt Helen Moss", meeting=held.id, evidence="Collisions"
        )
        first = jury_sessions.recommend(
            s, made.id, "School streets", meeting=held.id, today=date(2026, 6, 20)
        )
        second = jury_sessions.recommend(
            s, made.id, "A bus gate", response_due=date(2026, 9, 1), today=date(2026, 6, 20)
        )
    assert held.format is MeetingFormat.POLICY_JURY
    assert first.stage is PolicyStage.CO_DECISION and first.mechanism is Mechanism.POLICY_JURY
    assert first.response_due == date(2026, 7, 20)  # 30 days, the jury's own
    assert second.response_due == date(2026, 9, 1)
    with db.read_session() as s:
        assert lookup.meeting(s, held.id).engagement_id == made.id
        assert [m.id for m in jury_sessions.sessions(s, made.id)] == [held.id]
        links = base.linked_issues(s, made.id)
        assert {(x.reference, x.role, x.stage) for x in links} == {
            (first.reference, LinkRole.RECOMMENDATION, PolicyStage.CO_DECISION),
            (second.reference, LinkRole.RECOMMENDATION, PolicyStage.CO_DECISION),
        }
        assert base.get_engagement(s, made.id).response_due == date(2026, 7, 20)
        witnesses = base.participants(s, made.id, ParticipantRole.WITNESS)
        assert [w.name for w in witnesses] == ["Sgt Helen Moss"]
        figures = dict(jury.figures(s, base.engagement(s, made.id)))
    assert figures["Sessions"] == "1" and figures["Recommendations"] == "2"


def test_recommendations_are_due_in_eight_weeks_unless_the_jury_says(
    db: Database, sample: Sample
) -> None:
    with db.session() as s:
        made = base.add_engagement(s, "jury", forum=sample.forum_code, title="Traffic")
        found = jury_sessions.recommend(s, made.id, "School streets", today=date(2026, 7, 11))
    assert found.response_due == date(2026, 9, 5)


def test_a_jury_verb_refuses_another_kind(db: Database, sample: Sample) -> None:
    with db.session() as s:
        made = base.add_engagement(s, "petition", forum=sample.forum_code, title="Library")
    with pytest.raises(InvalidValue, match="not a policy jury"), db.session() as s:
        jury.add_volunteer(s, made.id, ward="North")


def test_the_demo_has_a_jury_drawn_from_thirty_with_a_seed_that_checks(
    demo_db, db: Database
) -> None:
    with db.read_session() as s:
        (found,) = base.list_engagements(s, kind="jury")
        (drawn,) = jury.draws(s, found.id)
        assert len(jury.pool(s, found.id)) == 30 and drawn.size == 12
        assert {q.stratum: q.drawn for q in drawn.quotas} == {
            "Brixton Hill": 5,  # 12 of 30 volunteers: 4.8
            "St Martin's": 3,  # 8: 3.2
            "Tulse Hill": 4,  # 10: 4.0
        }
        assert drawn.seed and len(drawn.witnesses) == 2
        assert drawn.drawn_at.date() == date(2026, 6, 2)
        assert jury.rerun(s, drawn.id).same
        assert len(jury_sessions.sessions(s, found.id)) == 2
        assert len(jury_sessions.recommendations(s, found.id)) == 2


def test_link_edits_are_stamped_under_their_exchange_names(db: Database, sample: Sample) -> None:
    ident = _jury(db, sample, {"North": 2})
    with db.session() as s:
        jury.draw(s, ident, size=1, seed="x")
        held = jury_sessions.add_session(s, ident, day=date(2026, 6, 20))
    with db.read_session() as s:
        juror = s.scalars(select(Participant).where(Participant.draw_id.is_not(None))).one()
        assert "draw" in juror.dots and "draw_id" not in juror.dots
        dots = lookup.meeting(s, held.id).dots
        assert "engagement" in dots and "engagement_id" not in dots


def test_a_ward_the_forum_does_not_have_is_refused_with_its_wards(
    db: Database, sample: Sample
) -> None:
    with db.session() as s:
        forums.edit_forum(s, sample.forum_code, {"wards": ["Brixton Hill", "Tulse Hill"]})
        made = base.add_engagement(s, "jury", forum=sample.forum_code, title="Traffic")
        kept = jury.add_volunteer(s, made.id, ward="brixton hill")
        council_wide = base.add_engagement(s, "jury", forum=None, title="Council-wide traffic")
    assert kept.ward == "Brixton Hill"
    refused = pytest.raises(
        InvalidValue,
        match="Ward: 'Streatham' is not a ward of Brixton Hill Area Forum; its wards are: "
        "Brixton Hill, Tulse Hill",
    )
    with refused, db.session() as s:
        jury.add_volunteer(s, made.id, name="Ann", consent_named=True, ward="Streatham")
    with refused, db.session() as s:
        jury.edit_volunteer(s, kept.id, ward="Streatham", age_band="30-44")
    with db.session() as s:  # nothing was stored; a council-wide jury has no list to check
        assert [v.ward for v in jury.pool(s, made.id)] == ["Brixton Hill"]
        assert jury.add_volunteer(s, council_wide.id, ward="Streatham").ward == "Streatham"
