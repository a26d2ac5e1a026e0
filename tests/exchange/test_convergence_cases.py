"""The cases of issue 11 where desks stopped agreeing, each as a person would meet it."""

from __future__ import annotations

import itertools
import json

import pytest
from sqlalchemy import select, update

from forumdesk.core import forums, issues, sync
from forumdesk.db.models import DeskIdentity, Forum
from forumdesk.domain.errors import Conflict as AlreadyDecided
from forumdesk.domain.errors import InputRefused
from forumdesk.exchange import conflicts
from forumdesk.exchange.document import content_sha256

from .conftest import dump, load


def _same_mark(*desks, mark: str = "ZZ") -> None:
    """Desks whose marks happen to be the same (1 chance in 576), or an older ForumDesk's."""
    for desk in desks:
        desk.do(lambda s: s.execute(update(DeskIdentity).values(mark=mark)))


def _homeless(desk) -> None:
    """The forum as a ForumDesk from before home desks made it."""
    desk.do(lambda s: s.execute(update(Forum).values(home_desk=None)))


def _references(desk) -> dict[str, str]:
    """Every issue's title by reference."""
    from forumdesk.core.issue_query import list_issues
    from forumdesk.domain.records import IssueFilter

    return {i.reference: i.title for i in desk.do(lambda s: list_issues(s, IssueFilter()).items)}


@pytest.fixture
def shared(desks):
    """An office that made forum BHF (BHF-0001), and a laptop that imported it."""
    office, laptop = desks("office"), desks("laptop")
    office.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum"))
    office.do(lambda s: issues.record_issue(s, forum="BHF", title="Potholes"))
    laptop.import_(office.export("seed.json"))
    return office, laptop


def test_issues_on_the_home_desk_keep_plain_references_and_others_carry_their_mark(
    shared,
) -> None:
    office, laptop = shared
    home = office.do(lambda s: s.scalar(select(Forum.home_desk)))
    assert home == office.db.desk_uuid
    assert laptop.do(lambda s: s.scalar(select(Forum.home_desk))) == home  # it travelled
    mark = laptop.do(sync.desk_mark)
    made = [
        laptop.do(lambda s, n=n: issues.record_issue(s, forum="BHF", title=f"L{n}")) for n in (1, 2)
    ]
    assert [m.reference for m in made] == [f"BHF-{mark}-0001", f"BHF-{mark}-0002"]
    assert (
        office.do(lambda s: issues.record_issue(s, forum="BHF", title="O")).reference == "BHF-0002"
    )
    laptop.import_(office.export("o.json"))
    office.import_(laptop.export("l.json"))
    assert _references(office) == _references(laptop)
    assert len(_references(office)) == 4
    # The mark is kept once used, as `desk show` will print it.
    assert laptop.do(lambda s: s.scalar(select(DeskIdentity.mark))) == mark


def test_a_forum_from_before_home_desks_gives_every_desk_its_mark(shared) -> None:
    office, _laptop = shared
    _homeless(office)
    made = office.do(lambda s: issues.record_issue(s, forum="BHF", title="After the upgrade"))
    assert made.reference == f"BHF-{office.do(sync.desk_mark)}-0001"


def _clash(desks):
    """Three desks; two record an issue in one forum under one reference, offline."""
    office, a, b = desks("office"), desks("a"), desks("b")
    office.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum"))
    seed = office.export("seed.json")
    for desk in (a, b):
        desk.import_(seed)
    _same_mark(a, b)
    first = a.do(lambda s: issues.record_issue(s, forum="BHF", title="Raised first"))
    second = b.do(lambda s: issues.record_issue(s, forum="BHF", title="Raised second"))
    assert first.reference == second.reference == "BHF-ZZ-0001"
    return office, a, b, first, second


def test_a_reference_clash_is_settled_alike_on_every_desk_in_any_order(desks) -> None:
    office, a, b, _first, second = _clash(desks)
    files = {"a": a.export("a.json"), "b": b.export("b.json")}
    expected = {
        "BHF-ZZ-0001": "Raised first",  # created first: keeps it
        f"BHF-ZZ-0001-{second.uuid.replace('-', '')[:4].upper()}": "Raised second",
    }
    for order in itertools.permutations(files):
        target = desks("t" + "".join(order))
        for name in order:
            target.import_(files[name])
        assert _references(target) == expected
    a.import_(files["b"])
    told = b.import_(files["a"]).notes  # b renumbers its own issue, and says so
    renamed = next(iter(set(expected) - {"BHF-ZZ-0001"}))
    renumbered = [note for note in told if "renumbered" in note]
    assert renumbered == [  # one note, beside the one saying who signed the file
        "1 issue of this desk gave its reference to an earlier issue of the file and was "
        f"renumbered: BHF-ZZ-0001 → {renamed}."
    ]
    assert _references(a) == _references(b) == expected
    # From then on files go every way, as often as wanted, and nothing fails.
    for _ in range(2):
        for sender, receiver in itertools.permutations((office, a, b), 2):
            report = receiver.import_(sender.export("next.json"))
            assert report.counts["conflict"] == 0
    assert office.content() == a.content() == b.content()
    assert _references(office) == expected


def test_a_new_issue_whose_reference_another_forum_holds_is_renumbered(shared) -> None:
    office, laptop = shared
    office.do(lambda s: forums.create_forum(s, code="LLF", name="Llanfair"))
    office.do(lambda s: issues.record_issue(s, forum="LLF", title="Heol y Dŵr floods"))
    doc = load(office.export("hostile.json"))
    [llf] = [i for i in doc["records"]["issues"] if i["fields"]["reference"] == "LLF-0001"]
    llf["fields"]["reference"] = "BHF-0001"  # a hand-made file
    llf["created_at"] = "2030-01-01T00:00:00.000000Z"
    doc["content_sha256"] = content_sha256(doc["records"])
    report = laptop.import_(dump(doc))
    taken = f"BHF-0001-{llf['uuid'].replace('-', '')[:4].upper()}"
    assert any(c.detail.endswith(f"renumbered {taken}") for c in report.changes)
    assert _references(laptop)[taken] == "Heol y Dŵr floods"
    assert _references(laptop)["BHF-0001"] == "Potholes"


def test_export_since_holds_the_work_this_desk_relayed(desks) -> None:
    b, office, next_desk = desks("b"), desks("office"), desks("next")
    office.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum"))
    b.import_(office.export("seed.json"))
    next_desk.import_(office.export("seed2.json"))
    b.do(lambda s: issues.record_issue(s, forum="BHF", title="Raised on desk B"))
    from_b = b.export("from-b.json")
    since = load(office.export("e.json"))["export_id"]  # the office's export E
    office.import_(from_b)  # after E, but B's issue keeps B's times, from before E
    relayed = load(office.export("since.json", since=since))
    assert [i["fields"]["title"] for i in relayed["records"]["issues"]] == ["Raised on desk B"]
    assert len(relayed["records"]["timeline_events"]) == 1
    next_desk.import_(dump(relayed))
    assert list(_references(next_desk).values()) == ["Raised on desk B"]


def _crossed_titles(desks):
    """The office and desk B changed one issue's title at once, and each imported the
    other's file: the same conflict is open on both."""
    office, b = desks("office"), desks("b")
    office.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum"))
    office.do(lambda s: issues.record_issue(s, forum="BHF", title="Potholes"))
    b.import_(office.export("seed.json"))
    office.do(lambda s: issues.edit_issue(s, "BHF-0001", {"title": "Potholes (office)"}))
    b.do(lambda s: issues.edit_issue(s, "BHF-0001", {"title": "Potholes (B)"}))
    to_b, to_office = office.export("o.json"), b.export("b.json")
    office.import_(to_office)
    b.import_(to_b)
    return office, b


def test_a_resolution_that_arrives_settles_the_conflict_open_here(desks) -> None:
    office, b = _crossed_titles(desks)
    [on_office] = office.do(conflicts.list_conflicts)
    [on_b] = b.do(conflicts.list_conflicts)
    office.do(lambda s: conflicts.resolve(s, on_office.id, "merged", "Potholes (agreed)"))
    report = b.import_(office.export("resolved.json"))
    assert report.counts["conflict"] == 0
    assert b.do(conflicts.list_conflicts) == []
    settled = b.do(lambda s: conflicts.get_conflict(s, on_b.id))
    name = office.do(lambda s: s.scalar(select(DeskIdentity.name)))
    assert settled.resolution == "settled" and settled.resolution_shown == f"settled by {name}"
    assert b.do(lambda s: issues.get_issue(s, "BHF-0001")).title == "Potholes (agreed)"
    # Desk B can no longer overwrite the office's decision with its own choice.
    with pytest.raises(AlreadyDecided, match=f"settled by {name}"):
        b.do(lambda s: conflicts.resolve(s, on_b.id, "theirs"))
    office.import_(b.export("back.json"))
    assert office.content() == b.content()


def test_a_desk_holding_the_same_conflict_settles_nothing_for_another(desks) -> None:
    office, b = _crossed_titles(desks)
    # The office has not resolved: its file settles nothing on B, and B's nothing there.
    b.import_(office.export("o2.json"))
    office.import_(b.export("b2.json"))
    assert len(b.do(conflicts.list_conflicts)) == 1
    assert len(office.do(conflicts.list_conflicts)) == 1


def test_an_upper_case_copy_of_a_uuid_is_the_same_record(shared) -> None:
    office, laptop = shared
    office.do(lambda s: issues.edit_issue(s, "BHF-0001", {"ward": "Tulse Hill"}))
    doc = load(office.export("shouting.json"))
    for kind in doc["records"].values():
        for record in kind:
            record["uuid"] = record["uuid"].upper()
            record["vv"] = {desk.upper(): n for desk, n in record["vv"].items()}
            for dot in record["dots"].values():
                dot[0] = dot[0].upper()
            for name in ("forum", "issue", "meeting"):
                if record["fields"].get(name):
                    record["fields"][name] = record["fields"][name].upper()
    doc["desk"]["uuid"] = doc["desk"]["uuid"].upper()
    doc["content_sha256"] = content_sha256(doc["records"])
    report = laptop.import_(dump(doc))
    assert report.counts["new"] == 0
    assert _references(laptop) == {"BHF-0001": "Potholes"}
    assert laptop.do(lambda s: issues.get_issue(s, "BHF-0001")).ward == "Tulse Hill"
    assert laptop.content() == office.content()


def test_two_new_forums_with_one_code_refuse_the_file_in_a_sentence(desks) -> None:
    office, other = desks("office"), desks("other")
    office.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum"))
    doc = load(office.export("forums.json"))
    twin = json.loads(json.dumps(doc["records"]["forums"][0]))
    twin["uuid"] = "0f0e0d0c-0b0a-4908-8706-050403020100"
    twin["fields"]["name"] = "Brixton Hill (copy)"
    doc["records"]["forums"].append(twin)
    doc["content_sha256"] = content_sha256(doc["records"])
    with pytest.raises(InputRefused) as refused:
        other.import_(dump(doc))
    assert refused.value.exit_code == 3
    message = str(refused.value)
    assert "BHF" in message and "'Brixton Hill Area Forum'" in message
    assert "'Brixton Hill (copy)'" in message and "nothing was changed" in message.lower()
    assert _references(other) == {}
    assert other.do(lambda s: s.scalar(select(Forum.id))) is None


def test_a_file_renaming_a_forum_to_a_code_taken_here_is_refused_and_search_still_works(
    desks,
) -> None:
    from forumdesk.core.issue_query import list_issues
    from forumdesk.domain.records import IssueFilter

    office, laptop = desks("office"), desks("laptop")
    office.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum"))
    laptop.import_(office.export("seed.json"))
    laptop.do(lambda s: forums.create_forum(s, code="LLF", name="Llanfair"))
    office.do(lambda s: forums.edit_forum(s, "BHF", {"code": "LLF"}))  # no issues yet: allowed
    office.do(lambda s: issues.record_issue(s, forum="LLF", title="Heol y Dŵr floods"))
    with pytest.raises(InputRefused) as refused:
        laptop.import_(office.export("renamed.json"))
    assert "uses the code LLF, which this desk already gives to 'Llanfair'" in str(refused.value)
    assert _references(laptop) == {}
    # The search index is kept as before: an issue recorded now is found at once.
    laptop.do(lambda s: issues.record_issue(s, forum="LLF", title="Bins on Heol y Dŵr"))
    found = laptop.do(lambda s: list_issues(s, IssueFilter(text="bins")).items)
    assert [i.title for i in found] == ["Bins on Heol y Dŵr"]
