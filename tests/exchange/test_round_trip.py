"""Property: any desk's content survives export and import into an empty desk unchanged."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forumdesk.core import actions, agenda, attendance, forums, issues, meetings
from forumdesk.domain.enums import IssueStatus, Mechanism, PolicyStage
from forumdesk.exchange import document
from tests.exchange.conftest import Desk, load

# Text as residents type it: Welsh letters, accents, quotes and markup-like characters.
words = (
    st.text(alphabet=st.sampled_from("abcdefwyŵŷŴŶéèâ'\"<>&- "), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)

issue_spec = st.fixed_dictionaries(
    {
        "title": words,
        "stage": st.sampled_from(list(PolicyStage)),
        "ward": st.none() | words,
        "themes": st.lists(words, max_size=3),
        "mechanism": st.none() | st.sampled_from(list(Mechanism)),
        "support": st.integers(0, 500),
        "status": st.none()
        | st.sampled_from([s for s in IssueStatus if s is not IssueStatus.OPEN]),
        "comment": st.none() | words,
        "delete": st.booleans(),
    }
)
meeting_spec = st.fixed_dictionaries(
    {
        "day": st.integers(1, 28),
        "venue": st.none() | words,
        "people": st.lists(st.tuples(st.booleans(), words), max_size=3),
        "items": st.lists(st.tuples(words, st.none() | words), max_size=3),
        "issues": st.lists(issue_spec, max_size=4),
        "action": st.none() | words,
    }
)
desk_spec = st.lists(meeting_spec, min_size=1, max_size=3)


def build(desk: Desk, spec: list[dict]) -> None:
    def fill(s):
        forums.create_forum(s, code="RND", name="Random forum", wards=["Llanfair"])
        for index, m in enumerate(spec):
            meeting = meetings.create_meeting(
                s,
                forum="RND",
                format="area-forum",
                date=f"2026-{index + 1:02d}-{m['day']:02d}",
                venue=m["venue"],
            )
            for named, name in m["people"]:
                attendance.add_attendance(
                    s,
                    meeting.id,
                    role="resident",
                    name=name if named else None,
                    consent_named=named,
                )
            for title, notes in m["items"]:
                item = agenda.add_agenda_item(s, meeting.id, title=title, notes=notes)
                agenda.add_outcome(s, item.id, kind="decision", text=title)
            for i in m["issues"]:
                made = issues.record_issue(
                    s,
                    forum="RND",
                    title=i["title"],
                    stage=i["stage"],
                    ward=i["ward"],
                    themes=i["themes"],
                    mechanism=i["mechanism"],
                    support=i["support"],
                    meeting=meeting.id,
                )
                if i["status"]:
                    issues.change_status(s, made.id, i["status"])
                if i["comment"]:
                    issues.comment(s, made.id, i["comment"])
                if i["delete"]:
                    issues.delete_issue(s, made.id)
            if m["action"]:
                actions.add_action(s, description=m["action"], meeting=meeting.id)

    desk.do(fill)


@pytest.mark.slow
@settings(
    max_examples=12,
    deadline=None,
    # Each example makes two new desks of its own with the factory.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(desk_spec)
def test_export_then_import_into_an_empty_desk_keeps_everything(desks, spec) -> None:
    made = uuid.uuid4().hex[:8]
    source, copy = desks(f"a-{made}"), desks(f"b-{made}")
    try:
        build(source, spec)
        first = source.export("out.json", personal_data=True)
        report = copy.import_(first)
        assert report.counts["conflict"] == 0
        assert copy.content() == source.content()
        second = copy.export("again.json", personal_data=True)
        assert load(second)["content_sha256"] == load(first)["content_sha256"]
        assert document.content_sha256(load(second)["records"]) == load(first)["content_sha256"]
    finally:
        source.db.dispose()
        copy.db.dispose()
