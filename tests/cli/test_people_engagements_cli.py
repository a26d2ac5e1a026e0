"""`person show` and `person export` list a person's engagements and offers (issue 14)."""

from __future__ import annotations

import json

from forumdesk.db.store import open_database
from forumdesk.exchange import export
from tests.exchange.test_engagement_erasure import NAME, PHONE, _scene
from tests.reports.helpers import flat


def _made(cli, tmp_path) -> dict:
    db = open_database(str(cli.db))
    try:
        with db.session() as s:
            made = _scene(s)
            export.write(s, tmp_path / "sent.json", export.Selection(personal_data=True))
    finally:
        db.dispose()
    return made


def test_person_show_lists_the_engagements_they_take_part_in_and_their_offers(
    cli, tmp_path
) -> None:
    made = _made(cli, tmp_path)
    code, out, _ = cli("person", "show", str(made["person"]))
    assert code == 0
    lines = out.splitlines()
    at = lines.index("Engagements taken part in:")
    assert lines[at + 1].startswith("  BHF-PET-") and lines[at + 1].endswith(
        "  Save the lido (Lead petitioner)"
    )
    assert lines[lines.index("Offers:") + 1] == "  Skills: Can design the leaflet (offered)"


def test_subject_access_includes_their_participation_offers_and_where_they_were_sent(
    cli, tmp_path
) -> None:
    made = _made(cli, tmp_path)
    code, out, _ = cli("person", "export", str(made["person"]), "--json")
    assert code == 0
    held = json.loads(out)
    (taking_part,) = held["engagement_participation"]
    assert (taking_part["role"], taking_part["name"], taking_part["contact"]) == (
        "lead-petitioner",
        NAME,
        PHONE,
    )
    (offer,) = held["offers"]
    assert (offer["kind"], offer["description"], offer["name"]) == (
        "skills",
        "Can design the leaflet",
        NAME,
    )
    (sent,) = held["sent"]
    assert taking_part["engagement"] in sent["sign_ins"]
    assert "Can design the leaflet" in sent["sign_ins"]
    pdf = tmp_path / "held.pdf"
    assert cli("person", "export", str(made["person"]), "--out", str(pdf))[0] == 0
    text = flat(pdf.read_bytes())
    for expected in (
        "Engagements taken part in",
        "Save the lido",
        "Lead petitioner",
        "Offers of help",
        "Skills: Can design the leaflet",
    ):
        assert expected in text, expected
