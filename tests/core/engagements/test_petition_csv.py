"""Petitions: the online total read from an e-petition system's CSV export."""

from __future__ import annotations

from datetime import date

import pytest

from forumdesk.core.engagements import base, petition
from forumdesk.db.store import Database
from forumdesk.domain.errors import InputRefused
from tests.conftest import Sample


@pytest.fixture
def ident(db: Database, sample: Sample) -> int:
    with db.session() as s:
        return base.add_engagement(s, "petition", forum="BHF", title="Library").id


def _online(db: Database, ident: int) -> int:
    with db.read_session() as s:
        return petition.signatures(s, base.engagement(s, ident)).online


@pytest.mark.parametrize(
    ("data", "total", "said"),
    [
        (
            b'\xef\xbb\xbfPetition,Signatures\r\nSave Brixton Library,"1,204"\r\n',
            1204,
            "Read 1204 signatures from the column 'Signatures'.",
        ),
        (
            b"Date;Signature count\n2026-03-01;40\n2026-03-02;12\n\n",
            52,
            "Read 52 signatures from the column 'Signature count'.",
        ),
        (
            "Name,Postcode,Signed\nSiân Prys,SW2 1AA,2026-03-01\nBo Li,SW2 3BB,2026-03-02\n"
            "Ann Jones,SW2 4CC,2026-03-02\n".encode(),
            3,
            "Read 3 signatures from the file (one a row).",
        ),
    ],
)
def test_a_count_column_is_added_up_or_signature_rows_are_counted(
    db: Database, ident: int, data: bytes, total: int, said: str
) -> None:
    with db.session() as s:
        made = petition.import_online_csv(s, ident, data, today=date(2026, 3, 5))
    assert made.messages[0] == said
    assert made.signatures.online == total == _online(db, ident)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "The file is empty: it holds no rows of signatures."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "The file is not a CSV file: it holds binary data."),
        (
            b"Ward,Signatures\nBrixton Hill,40\nTulse Hill,about 30\n",
            "Row 3 of the file: the column 'Signatures' holds 'about 30', not a whole number "
            "of signatures. Nothing was changed.",
        ),
        (b"Petition,Total\n", "The file has a column 'Total' but no row under it."),
    ],
)
def test_a_malformed_export_says_what_and_where_and_changes_nothing(
    db: Database, ident: int, data: bytes, said: str
) -> None:
    with db.session() as s:
        petition.set_online(s, ident, 25)
    with pytest.raises(InputRefused) as refused, db.session() as s:
        petition.import_online_csv(s, ident, data)
    assert str(refused.value) == said
    assert _online(db, ident) == 25
