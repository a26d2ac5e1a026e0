"""The format documentation and the shipped schema say what the code does."""

from __future__ import annotations

from pathlib import Path

from forumdesk.exchange.kinds import KINDS
from forumdesk.exchange.schema import generate, shipped

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_schema_is_the_one_the_models_make() -> None:
    assert shipped() == generate(), (
        "run: python -m forumdesk.exchange.schema > resources/exchange.schema.json"
    )


def test_the_documentation_names_every_kind_and_field() -> None:
    text = (ROOT / "docs" / "exchange-format.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"`{kind.name}`" in text
        for name in (*kind.fields, *kind.refs):
            assert f"`{name}`" in text, f"{kind.name}.{name} is not documented"


def test_every_reference_is_versioned_under_the_name_it_travels_by() -> None:
    from forumdesk.domain import versions
    from forumdesk.exchange.kinds import KINDS

    for kind in KINDS:
        for wire, (column, _) in kind.refs.items():
            assert versions.field_name(column) == wire, f"{kind.name}.{column}"


def test_every_kind_has_a_name_a_person_reads() -> None:
    from forumdesk.exchange.kinds import NOUNS

    assert set(NOUNS) == {kind.name for kind in KINDS}
    assert all(kind.noun and "_" not in kind.noun for kind in KINDS)
