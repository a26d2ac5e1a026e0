"""`forumdesk offer …` and `forumdesk engagement import|match` from the command line."""

from __future__ import annotations

import json


def _forum(cli) -> None:
    assert cli("forum", "add", "BHF", "Brixton Hill Area Forum")[0] == 0
    assert cli("meeting", "add", "BHF", "--date", "2026-03-04", "--format", "area-forum")[0] == 0


def test_an_offer_is_recorded_matched_delivered_and_listed(cli) -> None:
    _forum(cli)
    code, out, err = cli(
        "offer",
        "add",
        "time",
        "Litter pick",
        "--meeting",
        "BHF 2026-03-04",
        "--name",
        "Grace Adeyemi",
    )
    assert code == 3 and "consent" in err and out == ""
    code, out, _err = cli(
        "offer",
        "add",
        "time",
        "Two Saturday mornings",
        "--meeting",
        "BHF 2026-03-04",
        "--name",
        "Grace Adeyemi",
        "--consent-named",
    )
    assert (code, out) == (0, "Recorded offer 1 to BHF: time, Two Saturday mornings.\n")
    assert cli("issue", "add", "BHF", "Overgrown allotment paths")[0] == 0
    code, out, _err = cli("offer", "match", "1", "--issue", "BHF-0001")
    assert (code, out) == (0, "Offer 1 (time: Two Saturday mornings) is matched.\n")
    code, out, _err = cli("offer", "deliver", "1", "--on", "2026-03-21", "--what", "Paths cleared")
    assert (code, out) == (0, "Offer 1 (time: Two Saturday mornings) is delivered.\n")
    code, out, err = cli("offer", "withdraw", "1")
    assert code == 3 and "already delivered" in err
    code, out, _err = cli("offer", "list", "--json")
    listed = json.loads(out)
    assert [(o["name"], o["status"], o["issue_reference"]) for o in listed] == [
        ("Grace Adeyemi", "delivered", "BHF-0001")
    ]
    code, out, _err = cli("offer", "list", "--status", "offered")
    assert code == 0 and "No offers yet" in out


def test_engagement_import_says_what_was_added_supported_and_unchanged(cli, tmp_path) -> None:
    _forum(cli)
    assert cli("issue", "add", "BHF", "Potholes")[0] == 0
    code, out, _err = cli("engagement", "add", "deliberation", "--forum", "BHF", "--title", "Ideas")
    assert code == 0
    export = tmp_path / "ideas.csv"
    export.write_text(
        "id;title;votes;issue\nc1;Benches;4;\nc2;Bins;2;\nc3;Potholes again;7;BHF-0001\n",
        encoding="utf-8",
    )
    code, out, _err = cli("engagement", "import", "1", str(export))
    assert code == 0, _err
    assert out.splitlines() == [
        "2 new contributions raised issues; 1 supported an existing issue; "
        "0 were updated from the newer export; 0 were unchanged.",
        "  c1: raised BHF-0002",
        "  c2: raised BHF-0003",
        "  c3: supports BHF-0001",
    ]
    code, out, _err = cli("engagement", "import", "1", str(export))
    assert out.splitlines() == [
        "0 new contributions raised issues; 0 supported existing issues; "
        "0 were updated from the newer export; 3 were unchanged."
    ]
    code, out, _err = cli("engagement", "match", "1", "c1", "BHF-0001")
    assert (code, out) == (0, "Contribution c1 now supports BHF-0001.\n")
    code, out, _err = cli("issue", "show", "BHF-0001", "--json")
    shown = json.loads(out)
    assert shown.get("support", shown.get("issue", {}).get("support")) == 11
    export.write_text("name,comment\nx,y\n", encoding="utf-8")
    code, out, err = cli("engagement", "import", "1", str(export))
    assert code == 3 and "no column for an id or a title" in err and "Traceback" not in err
