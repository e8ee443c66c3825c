import pytest
from django.core.exceptions import ValidationError

from activities.plan import NOT_FUNDED, UNDECIDED, Amount, Collaboration, parse_amount, round_percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("335.000", Amount.funded(335_000)),
        ("335000", Amount.funded(335_000)),
        ("1.289.000", Amount.funded(1_289_000)),
        ("0", Amount.funded(0)),
        (" 4.000 kr.", Amount.funded(4_000)),
        ("335 000", Amount.funded(335_000)),
        ("335.000,00", Amount.funded(335_000)),
        ("-", NOT_FUNDED),
        ("–", NOT_FUNDED),
        ("", UNDECIDED),
        ("   ", UNDECIDED),
    ],
)
def test_cells_are_read_as_a_user_writes_them(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("33,5", "ikke et beløb i hele kroner"),
        ("1.2345", "ikke et beløb i hele kroner"),
        ("12.34", "ikke et beløb i hele kroner"),
        ("mange", "ikke et beløb i hele kroner"),
        ("-5.000", "kan ikke være negativt"),
        ("99999999999", "for stort"),
    ],
)
def test_wrong_cells_are_refused_with_a_danish_message(text, message):
    with pytest.raises(ValidationError, match=message):
        parse_amount(text)


def test_zero_not_funded_and_undecided_display_differently():
    assert [Amount.funded(0).display, NOT_FUNDED.display, UNDECIDED.display] == ["0", "-", ""]
    assert Amount.funded(1_289_000).display == "1.289.000"
    assert [Amount.funded(0).export_value, NOT_FUNDED.export_value, UNDECIDED.export_value] == [0, "-", ""]


@pytest.mark.parametrize(
    ("part", "whole", "percent"), [(11, 12, 92), (1, 8, 13), (3, 4, 75), (0, 5, 0), (0, 0, None)]
)
def test_shares_round_half_up_to_whole_percent(part, whole, percent):
    assert round_percent(part, whole) == percent


def test_collaboration_goal_is_met_at_the_target_and_not_below():
    assert Collaboration(with_partners=3, numbered=4, target_percent=75).is_met
    assert not Collaboration(with_partners=2, numbered=3, target_percent=75).is_met
    assert not Collaboration(with_partners=0, numbered=0, target_percent=75).is_met
