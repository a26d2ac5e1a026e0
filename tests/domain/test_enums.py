"""The vocabulary parses what people type and knows the policy cycle."""

import pytest

from forumdesk.domain.enums import MeetingFormat, PolicyStage


def test_stage_parses_number_value_and_name() -> None:
    assert PolicyStage.parse("3") is PolicyStage.CO_DECISION
    assert PolicyStage.parse("co-evaluation") is PolicyStage.CO_EVALUATION
    assert PolicyStage.parse("Co-formulation") is PolicyStage.CO_FORMULATION  # any case
    assert PolicyStage.parse("CO_IMPLEMENTATION") is PolicyStage.CO_IMPLEMENTATION
    assert [s.number for s in PolicyStage] == [1, 2, 3, 4, 5]


def test_a_label_is_shown_but_never_parsed() -> None:
    """Labels change with the language; what a script or a file says must not."""
    assert PolicyStage.CO_FORMULATION.label == "Co-formulation of options"
    with pytest.raises(ValueError, match="is not one of"):
        PolicyStage.parse("Co-formulation of options")
    with pytest.raises(ValueError, match="is not one of"):
        MeetingFormat.parse("Referendum or ballot")


def test_unknown_value_names_the_choices() -> None:
    with pytest.raises(ValueError, match="co-definition, co-formulation"):
        PolicyStage.parse("6")


def test_formats_know_their_usual_stages() -> None:
    assert MeetingFormat.POLICY_JURY.usual_stages == (PolicyStage.CO_DECISION,)
    assert PolicyStage.CO_EVALUATION in MeetingFormat.SCRUTINY_SESSION.usual_stages
    assert MeetingFormat.parse("referendum") is MeetingFormat.REFERENDUM


def test_a_refusal_names_the_field_as_people_call_it() -> None:
    from forumdesk.domain.errors import InvalidValue

    assert str(InvalidValue("due_date", "'31/02/2026' is not a date")) == (
        "Due date: '31/02/2026' is not a date"
    )
    assert str(InvalidValue("start_time", "'25:00' is not a time")).startswith("Start time: ")
