"""Online deliberation: contributions imported from a platform's export become or support
issues; the same export imported again changes nothing; bad files are refused whole."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, update

from forumdesk.core import issues
from forumdesk.core.engagements import base, deliberation
from forumdesk.db.models import Contribution, Issue
from forumdesk.db.store import Database
from forumdesk.domain.enums import LinkRole, Mechanism, PolicyStage
from forumdesk.domain.errors import InputRefused
from tests.conftest import Sample

EXPORT = (
    "Idea ID,Idea title,Body,Username,Votes,Issue\n"
    "c-1,Benches on the Hill,Somewhere to rest on the climb,Nana_J,12,\n"
    'c-2,School streets,"Close the roads at drop-off, please",hillwalker,"1,204",\n'
    "c-3,Fix the potholes,They are everywhere,cyclist,5,{pothole}\n"
)


def _deliberation(db: Database, sample: Sample) -> str:
    with db.session() as s:
        return base.add_engagement(
            s, "deliberation", forum=sample.forum_code, title="Ideas for the Hill"
        ).reference


def _export(sample: Sample, text: str = EXPORT) -> bytes:
    return text.replace("{pothole}", sample.issue_refs[0]).encode()


def _state(db: Database) -> tuple:
    with db.read_session() as s:
        return (
            s.scalar(select(func.count()).select_from(Contribution)),
            s.scalar(select(func.count()).select_from(Issue)),
            tuple(s.execute(select(Issue.reference, Issue.support).order_by(Issue.id)).all()),
        )


def test_contributions_become_issues_or_support_the_issue_they_name(
    db: Database, sample: Sample
) -> None:
    ref = _deliberation(db, sample)
    with db.session() as s:
        report = deliberation.import_contributions(s, ref, _export(sample), "ideas.csv")
    assert [external for external, _issue in report.added] == ["c-1", "c-2"]
    assert report.supported == [("c-3", sample.issue_refs[0])]
    with db.read_session() as s:
        school = issues.get_issue(s, report.added[1][1])
        assert school.title == "School streets"
        assert school.support == 1204
        assert school.mechanism is Mechanism.ONLINE_DELIBERATION
        assert school.stage is PolicyStage.CO_DECISION
        assert issues.get_issue(s, sample.issue_refs[0]).support == 5
        roles = {(link.reference, link.role) for link in base.linked_issues(s, ref)}
        assert (sample.issue_refs[0], LinkRole.SUPPORTED) in roles
        assert (school.reference, LinkRole.RAISED) in roles
        shown = dict(deliberation.figures(s, base.engagement(s, ref)))
    assert shown["Contributions"] == "3" and shown["Supports"] == "1,221"


def test_importing_the_same_export_again_changes_nothing(db: Database, sample: Sample) -> None:
    ref = _deliberation(db, sample)
    with db.session() as s:
        deliberation.import_contributions(s, ref, _export(sample), "ideas.csv")
    before = _state(db)
    with db.session() as s:
        report = deliberation.import_contributions(s, ref, _export(sample), "ideas.csv")
    assert report.unchanged == 3 and not report.added + report.supported + report.updated
    assert _state(db) == before


def test_a_newer_export_raises_support_by_the_difference(db: Database, sample: Sample) -> None:
    ref = _deliberation(db, sample)
    with db.session() as s:
        first = deliberation.import_contributions(s, ref, _export(sample), "ideas.csv")
        issues.edit_issue(s, sample.issue_refs[0], {"support": 40})  # support from elsewhere
    newer = EXPORT.replace(",12,", ",15,").replace(",5,{pothole}", ",9,{pothole}")
    with db.session() as s:
        report = deliberation.import_contributions(s, ref, _export(sample, newer), "ideas.csv")
    assert sorted(report.updated) == [("c-1", 3), ("c-3", 4)] and report.unchanged == 1
    with db.read_session() as s:
        assert issues.get_issue(s, first.added[0][1]).support == 15
        assert issues.get_issue(s, sample.issue_refs[0]).support == 44


def test_a_json_export_is_read_too_and_a_match_moves_the_supports(
    db: Database, sample: Sample
) -> None:
    ref = _deliberation(db, sample)
    data = {"ideas": [{"id": 7, "subject": "More bins", "author": "x", "likes": 6}]}
    with db.session() as s:
        report = deliberation.import_contributions(s, ref, json.dumps(data).encode(), "a.json")
        deliberation.match(s, ref, "7", sample.issue_refs[2])
    with db.read_session() as s:
        assert issues.get_issue(s, report.added[0][1]).support == 0
        assert issues.get_issue(s, sample.issue_refs[2]).support == 6
        held = deliberation.contributions(s, ref)
    assert [(c.external_id, c.issue_reference) for c in held] == [("7", sample.issue_refs[2])]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (b"name,comment\nAled,hello\n", "no column for an id or a title"),
        (b"id,comment\n1,hello\n", "no column for a title"),
        (b'{"ideas": 3}', "does not hold a list of contributions"),
        (b"[{", "not valid JSON"),
        (b"id,title,votes\n1,Fine,2\n2,Bad votes,lots\n", "Row 2 (line 3): votes is 'lots'"),
        (b"id,title\n1,One\n1,Again\n", "Row 2 (line 3): the id 1 is also on row 1"),
        (b"id,title\n1,One\n2,\n", "Row 2 (line 3): title must not be empty"),
        (b'id,title\n1,"never closed\n', "never closed"),
        (("id,title,text\n1,Long," + "x" * 20_001 + "\n").encode(), "20,001 characters"),
        (b"id,title,text\n1,Bell,ring\x07ring\n", "control characters"),
        (b"id,title,issue\n1,Mine,\n2,Yours,XYZ-0001\n", "Row 2 (line 3): There is no issue"),
    ],
)
def test_a_malformed_file_is_refused_saying_where_and_nothing_is_stored(
    db: Database, sample: Sample, data: bytes, said: str
) -> None:
    ref = _deliberation(db, sample)
    before = _state(db)
    with pytest.raises(InputRefused) as refused, db.session() as s:
        deliberation.import_contributions(s, ref, data, "ideas.csv")
    assert said in str(refused.value)
    assert _state(db) == before


def test_a_council_wide_deliberation_needs_the_forum_its_issues_go_to(
    db: Database, sample: Sample
) -> None:
    with db.session() as s:
        ref = base.add_engagement(s, "deliberation", forum=None, title="Budget ideas").reference
    with pytest.raises(InputRefused, match="council-wide"), db.session() as s:
        deliberation.import_contributions(s, ref, b"id,title\n1,Hi\n", "a.csv")
    with db.session() as s:
        report = deliberation.import_contributions(
            s, ref, b"id,title\n1,Hi\n", "a.csv", forum=sample.forum_code, stage="2"
        )
    with db.read_session() as s:
        assert issues.get_issue(s, report.added[0][1]).stage is PolicyStage.CO_FORMULATION


def test_a_pseudonym_blanked_by_an_erasure_is_not_brought_back_by_a_re_import(
    db: Database, sample: Sample
) -> None:
    ref = _deliberation(db, sample)
    with db.session() as s:
        deliberation.import_contributions(s, ref, _export(sample), "ideas.csv")
        s.execute(update(Contribution).where(Contribution.external_id == "c-1").values(author=None))
    with db.session() as s:
        report = deliberation.import_contributions(s, ref, _export(sample), "ideas.csv")
    assert report.unchanged == 3
    with db.read_session() as s:
        authors = {c.external_id: c.author for c in deliberation.contributions(s, ref)}
    assert authors == {"c-1": None, "c-2": "hillwalker", "c-3": "cyclist"}
