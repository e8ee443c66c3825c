"""The report's arithmetic, checked against the seed and against hand calculations."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators import calculations as calc
from indicators.calculations import GoalState, Significance


@pytest.fixture(autouse=True)
def _danish():
    with translation.override("da"):
        yield


def D(text):
    return Decimal(text)


class TestRounding:
    @pytest.mark.parametrize(
        ("value", "places", "expected"),
        [
            ("24.25", 1, "24.3"),
            ("0.05", 1, "0.1"),
            ("91.5", 0, "92"),
            ("92.5", 0, "93"),
            ("-1.5", 0, "-2"),
        ],
    )
    def test_exact_halves_go_up(self, value, places, expected):
        assert calc.round_half_up(D(value), places) == D(expected)

    def test_float_is_refused(self):
        with pytest.raises(TypeError):
            calc.round_half_up(24.25, 1)

    def test_rate_of_an_exact_half_rounds_up(self):
        # 49 of 20 000 is exactly 2,45 per 1000: half-up gives 2,5, float/half-even gives 2,4.
        assert calc.rate_per_1000(49, 20000) == D("2.5")

    def test_share_of_an_exact_half_rounds_up(self):
        # 183 of 200 is exactly 91,5 %.
        assert calc.share_percent(183, 200) == D("92")


class TestSeedNumbers:
    def test_rates_per_1000_of_the_demo_populations(self):
        assert calc.rate_per_1000(201, 8300) == D("24.2")
        assert calc.rate_per_1000(217, 8346) == D("26.0")
        assert calc.rate_per_1000(22233, 644431) == D("34.5")

    def test_change_is_taken_from_printed_values(self):
        assert calc.change(D("24.2"), D("26.0")) == D("1.8")
        assert calc.format_number(calc.change(D("24.2"), D("26.0")), 1) == "1,8"

    def test_change_from_printed_values_differs_from_change_of_raw_rates(self):
        # Raw rates 24,24 and 26,06 print as 24,2 and 26,1; the printed change must be 1,9, not 1,8.
        before = calc.rate_per_1000(2424, 100000)
        after = calc.rate_per_1000(2606, 100000)
        assert calc.change(before, after) == D("1.9")

    def test_tabel_2_totals(self):
        assert calc.total([80, 33, 78, 24]) == 215
        assert calc.total([61, 37, 119, 22]) == 239
        assert calc.change(215, 239) == 24

    def test_total_with_a_missing_value_is_not_printed(self):
        assert calc.total([80, None, 78]) is None

    def test_collaboration_share(self):
        assert calc.share_percent(11, 12) == D("92")
        assert calc.format_percent(calc.share_percent(11, 12)) == "92 %"

    def test_no_activities_gives_no_share(self):
        assert calc.share_percent(0, 0) is None

    def test_danish_number_formats(self):
        assert calc.format_number(1289000) == "1.289.000"
        assert calc.format_number(D("24.2"), 1) == "24,2"
        assert calc.format_number(D("26"), 1) == "26,0"
        assert calc.format_percent(D("17.0")) == "17 %"
        assert calc.format_percent(D("16.5")) == "16,5 %"

    def test_direction(self):
        assert calc.direction(D("24.2"), D("26.0")) == calc.Direction.INCREASE
        assert calc.direction(11, 9) == calc.Direction.DECREASE
        assert calc.direction(17, 17) == calc.Direction.UNCHANGED
        assert calc.direction(None, 17) is None


class TestSignificance:
    def test_worked_example_not_significant(self):
        # 52 % of 1000 against 48 % of 1000: pooled p = 0,5,
        # SE = sqrt(0,5 · 0,5 · (1/1000 + 1/1000)) = 0,022361, z = 0,04 / 0,022361 = 1,789 < 1,96.
        result = calc.significance(percent_1=52, respondents_1=1000, percent_2=48, respondents_2=1000)
        assert result.kind == Significance.NOT_SIGNIFICANT
        assert result.basis == "computed"
        assert result.z == D("1.789")

    def test_worked_example_significant(self):
        # 31 % of 800 against 27 % of 900: pooled p = (248 + 243) / 1700 = 0,288824,
        # SE = sqrt(0,288824 · 0,711176 · (1/800 + 1/900)) = 0,022022, z = 0,04 / 0,022022 = 1,816.
        # Not significant; with 3000 respondents each, pooled p = 0,29,
        # SE = sqrt(0,29 · 0,71 · 2/3000) = 0,011716, z = 0,04 / 0,011716 = 3,414: significant.
        small = calc.significance(percent_1=31, respondents_1=800, percent_2=27, respondents_2=900)
        assert small.kind == Significance.NOT_SIGNIFICANT
        assert small.z == D("1.816")
        large = calc.significance(percent_1=31, respondents_1=3000, percent_2=27, respondents_2=3000)
        assert large.kind == Significance.SIGNIFICANT
        assert large.z == D("3.414")

    def test_given_flag_wins_over_the_computation(self):
        result = calc.significance(
            given=False, percent_1=52, respondents_1=100000, percent_2=48, respondents_2=100000
        )
        assert result.kind == Significance.NOT_SIGNIFICANT
        assert result.basis == "given"
        assert calc.significance(given=True).is_significant

    @pytest.mark.parametrize(
        "kwargs",
        [
            {},
            {"percent_1": 17, "percent_2": 9},
            {"percent_1": 17, "respondents_1": 500, "percent_2": 9},
            {"percent_1": 0, "respondents_1": 500, "percent_2": 0, "respondents_2": 500},
        ],
    )
    def test_without_flag_or_respondents_it_is_not_tested(self, kwargs):
        result = calc.significance(**kwargs)
        assert result.kind == Significance.NOT_TESTED
        assert not result.tested
        assert str(result.label) == "ikke testet"


class TestGoalRules:
    def test_maintain_not_met_when_rate_rose(self):
        status = calc.status_maintain(
            baseline=D("24.2"), current=D("26.0"), baseline_year=2020, year=2021, places=1
        )
        assert status.state == GoalState.NOT_MET
        assert "26,0" in status.reason and "24,2" in status.reason

    @pytest.mark.parametrize(("baseline", "current"), [(11, 9), (49, 35), (11, 11)])
    def test_maintain_met_at_or_below_baseline(self, baseline, current):
        status = calc.status_maintain(baseline=baseline, current=current, baseline_year=2020, year=2021)
        assert status.is_met

    def test_maintain_not_met_for_vold(self):
        assert calc.status_maintain(baseline=53, current=67, baseline_year=2020, year=2021).state == (
            GoalState.NOT_MET
        )

    def test_maintain_without_numbers_is_not_measurable_with_reason(self):
        status = calc.status_maintain(baseline=None, current=9, baseline_year=2020, year=2021)
        assert status.state == GoalState.NOT_MEASURABLE
        assert "2020" in status.reason
        status = calc.status_maintain(baseline=11, current=None, baseline_year=2020, year=2021)
        assert status.state == GoalState.NOT_MEASURABLE
        assert "2021" in status.reason

    def test_decrease_not_met_when_unchanged(self):
        # Utrygge i nabolaget 17 % in 2021 and 2022.
        status = calc.status_decrease_toward_city(
            previous=17, current=17, city_previous=None, city_current=9, year=2022
        )
        assert status.state == GoalState.NOT_MET

    def test_decrease_not_met_when_rising(self):
        status = calc.status_decrease_toward_city(
            previous=27, current=31, city_previous=None, city_current=17, year=2022
        )
        assert status.state == GoalState.NOT_MET
        assert "31 %" in status.reason

    def test_decrease_met_when_falling_and_closing_in_on_the_city(self):
        status = calc.status_decrease_toward_city(
            previous=20, current=17, city_previous=10, city_current=9, year=2022
        )
        assert status.is_met

    def test_decrease_not_met_when_the_city_falls_faster(self):
        status = calc.status_decrease_toward_city(
            previous=20, current=19, city_previous=10, city_current=5, year=2022
        )
        assert status.state == GoalState.NOT_MET
        assert "afstanden" in status.reason

    def test_decrease_met_when_at_city_level(self):
        status = calc.status_decrease_toward_city(
            previous=12, current=9, city_previous=None, city_current=9, year=2022
        )
        assert status.is_met

    def test_decrease_across_a_series_break_is_not_measurable(self):
        status = calc.status_decrease_toward_city(
            previous=16, current=17, city_previous=9, city_current=9, year=2021, comparable=False
        )
        assert status.state == GoalState.NOT_MEASURABLE
        assert "sammenlignelige" in status.reason

    def test_decrease_without_last_year_is_not_measurable(self):
        status = calc.status_decrease_toward_city(
            previous=None, current=17, city_previous=None, city_current=9, year=2022
        )
        assert status.state == GoalState.NOT_MEASURABLE
        assert "2021" in status.reason

    def test_minimum_share_met(self):
        status = calc.status_minimum_share(part=11, whole=12, threshold=D(75))
        assert status.is_met
        assert "92 %" in status.reason and "75 %" in status.reason

    def test_minimum_share_uses_the_printed_share(self):
        # 149 of 200 is 74,5 %, printed 75 %: the reader sees 75 % and the goal met.
        assert calc.status_minimum_share(part=149, whole=200, threshold=D(75)).is_met
        assert calc.status_minimum_share(part=148, whole=200, threshold=D(75)).state == GoalState.NOT_MET

    def test_minimum_share_without_activities_is_not_measurable(self):
        assert calc.status_minimum_share(part=0, whole=0, threshold=D(75)).state == GoalState.NOT_MEASURABLE
