"""Approved minutes seal the same things on import as on the desk itself (core/_seal.py)."""

from __future__ import annotations

import json

from forumdesk.core import demo, minutes

MEETING = "BHF 2026-09-22"


def test_reopening_is_a_versioned_edit_that_travels(desks) -> None:
    laptop = desks("laptop")
    laptop.do(demo.fill_demo)
    laptop.do(lambda s: minutes.approve_minutes(s, MEETING))
    before = json.loads(laptop.export("before.json"))["records"]["minutes_versions"][0]
    laptop.do(lambda s: minutes.reopen_minutes(s, MEETING, reason="typo"))
    after = json.loads(laptop.export("after.json"))["records"]["minutes_versions"][0]
    desk = json.loads(laptop.export("desk.json"))["desk"]["uuid"]
    assert after["vv"][desk] == before["vv"][desk] + 1
    assert after["dots"]["reopened_at"] == [desk, after["vv"][desk]]
