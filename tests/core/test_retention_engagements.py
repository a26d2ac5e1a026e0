"""Retention treats engagement participants and offers of help like sign-ins (issue 14)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from forumdesk.core import attendance, forums, meetings, retention, sync
from forumdesk.core.engagements import base
from forumdesk.db.models import Erasure, Offer, Participant
from forumdesk.domain.enums import OfferKind
from forumdesk.exchange import export

#: Far enough ahead that everything made today is older than the period (24 months).
TODAY = date(2029, 6, 15)


def _offer(s, **fields) -> Offer:
    row = Offer(kind=OfferKind.TIME, description="Litter picking", **fields)
    sync.created(s, row)
    s.add(row)
    s.flush()
    return row


def _scene(db) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        closed = base.add_engagement(
            s, "petition", forum="BHF", title="Old petition", opens="2025-01-01"
        )
        base.set_status(s, closed.id, "closed")
        base.add_participant(s, closed.id, "lead-petitioner", name="Old Lead", consent_named=True)
        base.add_participant(s, closed.id, "witness", name="Dr Public Witness")
        running = base.add_engagement(s, "petition", forum="BHF", title="Running petition")
        base.set_status(s, running.id, "open")
        base.add_participant(
            s, running.id, "lead-petitioner", name="Still Leading", consent_named=True
        )
        _offer(s, name="Old Offerer", consent_named=True, offered_on=date(2025, 2, 1))
        # Someone who came back to a meeting lately: their offer is kept.
        later = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2028-01-10")
        signed = attendance.add_attendance(s, later.id, name="Back Again", consent_named=True)
        _offer(s, name="Back Again", consent_named=True, attendance_id=signed.id)


def _names(s) -> list[str]:
    rows = [*s.scalars(select(Participant).order_by(Participant.id))]
    rows += [*s.scalars(select(Offer).order_by(Offer.id))]
    return [r.name for r in rows if r.name]


def test_participants_and_offers_past_the_period_are_erased_and_the_erasure_names_them(db) -> None:
    _scene(db)
    with db.read_session() as s:
        found = retention.plan(s, today=TODAY, months=24)
    assert [(r.kind, r.last_active < found.cutoff) for r in found.records] == [
        ("participants", True),
        ("offers", True),
    ]
    with db.session() as s:
        done = retention.apply(s, today=TODAY, months=24)
        assert _names(s) == ["Dr Public Witness", "Still Leading", "Back Again"]
        records = sorted(r for e in s.scalars(select(Erasure.records)) for r in e or ())
        assert records == sorted(r.uuid for r in found.records)
    assert retention.summary(done) == (
        "Retention: erased the personal data of 2 engagement participants or offers of "
        "help kept longer than 24 months after the person last took part."
    )


def test_an_export_with_personal_data_leaves_out_what_is_overdue(db, tmp_path, monkeypatch) -> None:
    _scene(db)
    monkeypatch.setenv("FORUMDESK_RETENTION_TODAY", TODAY.isoformat())
    with db.session() as s:
        doc = export.build(s, export.Selection(personal_data=True))
    text = json.dumps(doc["records"], ensure_ascii=False)
    assert "Old Lead" not in text and "Old Offerer" not in text
    assert "Still Leading" in text and "Back Again" in text
