"""The audit dashboard shows engagements and offers in its grid, follows a new link, and
says how co-decisions were decided."""

from __future__ import annotations

from PySide6.QtCore import QDate

from forumdesk.core import issues
from forumdesk.core.engagements import base
from tests.core.test_coverage_engagements import _activities


def _row(view, label: str) -> int:
    return next(
        r for r in range(view.grid.rowCount()) if view.grid.verticalHeaderItem(r).text() == label
    )


def test_the_grid_counts_engagements_and_offers_and_follows_a_new_link(
    make_window, db, sample
) -> None:
    _activities(db, sample)
    window = make_window()
    window.audit_action.trigger()
    view = window.audit
    view.start.setDate(QDate(2026, 1, 1))
    view.end.setDate(QDate(2026, 6, 30))
    grid = view.grid
    heading = next(
        r for r in range(grid.rowCount()) if grid.item(r, 0).text() == "Engagements and offers"
    )
    petition = _row(view, "Petition")
    assert petition == heading + 1
    # engagements · issues · meetings · residents, at co-definition and co-decision.
    assert grid.item(petition, 0).text() == "2 · 3 · 1 · 1"
    assert grid.item(petition, 2).text() == "1 · 1 · 1 · 1"
    assert grid.item(petition, 0).toolTip() == (
        "Petition, co-definition: 2 engagements, 3 issues, 1 meeting, 1 resident present"
    )
    offers = _row(view, "Residents' offers")
    assert grid.item(offers, 3).text() == "2 · 1 · 1 · 1"
    assert grid.item(offers, 0).text() == "–"
    formats = next(r for r in range(grid.rowCount()) if grid.item(r, 0).text() == "Meeting formats")
    section = [grid.verticalHeaderItem(r).text() for r in range(heading + 1, formats)]
    assert section == ["Petition", "Residents' offers"]  # kinds not run are left out

    # A consultation opened in the period and linked: a row of its own appears.
    def consult(s):  # type: ignore[no-untyped-def]
        made = base.add_engagement(
            s, "consultation", forum="BHF", title="Parks", opens="2026-04-01"
        )
        return base.link_issue(s, made.id, sample.issue_refs[0], "co-formulation")

    window.desk.write(consult)
    consultation = _row(view, "Consultation")
    assert grid.item(consultation, 1).text() == "1 · 1 · 0 · 0"
    assert grid.item(consultation, 0).text() == "–"
    # Summary: a co-decision with no method recorded is said as such.
    view.end.setDate(view.end.minimumDate())  # until today
    window.desk.write(lambda s: issues.move_issue(s, sample.issue_refs[1], "co-decision"))
    assert (
        "Of 1 co-decision, 0 were made with residents, 0 by an officer under delegation, "
        "1 with no method recorded." in view.summary.text().splitlines()
    )
