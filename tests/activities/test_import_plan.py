import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from activities.importers import PlanImportError, import_plan_file, preview_plan_file
from activities.models import Activity, Budget, Unit
from activities.plan import year_totals
from amager_partnerskab.spreadsheets import SpreadsheetError
from tests import factories

pytestmark = pytest.mark.django_db


PLAN = [
    ["nr", "aktivitet", "ansvarlige", "samarbejdspartnere", "2021", "2022"],
    ["1", "Dialog og værtskab", "ØKF", "Amagerplanen|Politi", "335.000", "335000"],
    ["-", "Videnspuljen", "", "", "18.000", "-"],
    ["2", "Blå bane – brobygning", "Børne- og Ungdomsforvaltningen", "KFF | Sundhedsteamet", "0", ""],
]


@pytest.fixture
def units(db):
    for short_name, name in [
        ("ØKF", "Økonomiforvaltningen"),
        ("BUF", "Børne- og Ungdomsforvaltningen"),
        ("KFF", "Kultur- og Fritidsforvaltningen"),
        ("Amagerplanen", "Den boligsociale helhedsplan Amagerplanen"),
        ("Politi", "Københavns Politi"),
    ]:
        factories.UnitFactory(short_name=short_name, name=name)


def csv_file(rows, *, delimiter=";", encoding="utf-8"):
    text = "\r\n".join(delimiter.join(_quote(cell, delimiter) for cell in row) for row in rows) + "\r\n"
    return io.BytesIO(text.encode(encoding))


def _quote(cell, delimiter):
    return f'"{cell}"' if delimiter in cell else cell


def xlsx_file(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append([_excel_value(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _excel_value(cell):
    # As Excel stores what a user types: numbers as numbers, the rest as text.
    digits = cell.replace(".", "")
    return int(digits) if digits.isdigit() else (cell or None)


def plan_state(partnership):
    return [
        (
            activity.number,
            activity.title,
            sorted(unit.short_name for unit in activity.responsible_units.all()),
            sorted(unit.short_name for unit in activity.partner_units.all()),
            {budget.year: budget.amount for budget in activity.budgets.all()},
        )
        for activity in Activity.objects.filter(partnership=partnership).order_by("order")
    ]


EXPECTED = [
    (1, "Dialog og værtskab", ["ØKF"], ["Amagerplanen", "Politi"], {2021: 335000, 2022: 335000}),
    (None, "Videnspuljen", [], [], {2021: 18000, 2022: None}),
    (2, "Blå bane – brobygning", ["BUF"], ["KFF", "Sundhedsteamet"], {2021: 0}),
]


@pytest.mark.parametrize(
    "make_file",
    [
        lambda: csv_file(PLAN),
        lambda: io.BytesIO(b"\xef\xbb\xbf" + csv_file(PLAN).getvalue()),
        lambda: csv_file(PLAN, encoding="cp1252"),
        lambda: csv_file(PLAN, delimiter=",", encoding="cp1252"),
        lambda: csv_file(PLAN, delimiter=","),
        lambda: xlsx_file(PLAN),
    ],
    ids=["utf8-semicolon", "utf8-bom", "windows-1252-semicolon", "windows-1252-comma", "utf8-comma", "xlsx"],
)
def test_good_files_in_every_format_give_the_same_plan(partnership, units, make_file):
    result = import_plan_file(partnership=partnership, source=make_file())

    assert plan_state(partnership) == EXPECTED
    assert len(result.added) == 3 and not result.changed
    assert result.new_units == ["Sundhedsteamet"]
    assert Unit.objects.get(short_name="Sundhedsteamet").kind == Unit.Kind.OTHER


def test_not_funded_zero_and_undecided_stay_different(partnership, units):
    import_plan_file(partnership=partnership, source=csv_file(PLAN))
    blue = Activity.objects.get(partnership=partnership, number=2)
    pool = Activity.objects.get(partnership=partnership, title="Videnspuljen")

    assert Budget.objects.get(activity=blue, year=2021).amount == 0
    assert not Budget.objects.filter(activity=blue, year=2022).exists()
    assert Budget.objects.get(activity=pool, year=2022).amount is None
    assert pool.number is None


def test_reimporting_the_same_file_changes_nothing(partnership, units):
    import_plan_file(partnership=partnership, source=csv_file(PLAN))
    history = (Activity.history.count(), Budget.history.count(), Unit.objects.count())

    result = import_plan_file(partnership=partnership, source=xlsx_file(PLAN))

    assert (Activity.history.count(), Budget.history.count(), Unit.objects.count()) == history
    assert len(result.unchanged) == 3 and not result.added and not result.changed and not result.new_units


def test_changes_are_listed_and_written(partnership, units):
    import_plan_file(partnership=partnership, source=csv_file(PLAN))
    changed = [row[:] for row in PLAN]
    changed[1][5] = "300.000"
    changed[2][4] = ""
    changed[3][2] = "BUF|ØKF"
    changed.append(["3", "Ny aktivitet", "ØKF", "", "", ""])

    result = import_plan_file(
        partnership=partnership, source=csv_file(changed), acting_user=factories.administrator()
    )

    assert [outcome.row_number for outcome in result.changed] == [2, 3, 4]
    assert "2022: 335.000 → 300.000" in result.changed[0].changes
    assert "2021: 18.000 → (tom)" in result.changed[1].changes
    assert [outcome.label for outcome in result.added] == ["3. Ny aktivitet"]
    assert Budget.objects.get(activity__number=1, year=2022).amount == 300_000
    assert not Budget.objects.filter(activity__title="Videnspuljen", year=2021).exists()
    assert Budget.history.filter(amount=300_000).get().history_user.username.startswith("bruger")


def test_a_preview_saves_nothing(partnership, units):
    result = preview_plan_file(partnership=partnership, source=csv_file(PLAN))

    assert len(result.added) == 3 and result.new_units == ["Sundhedsteamet"]
    assert not Activity.objects.exists() and not Budget.objects.exists()
    assert not Unit.objects.filter(short_name="Sundhedsteamet").exists()


BAD_ROWS = [
    (["x1", "Aktivitet", "ØKF", "", "", ""], "række 2: nr 'x1' skal være et helt tal fra 1, - eller tomt."),
    (["5", "", "ØKF", "", "", ""], "række 2: aktiviteten mangler et navn."),
    (
        ["5", "Aktivitet", "", "", "", ""],
        "række 2: en nummereret aktivitet skal have mindst én ansvarlig enhed.",
    ),
    (["5", "Aktivitet", "ØKF", "", "33,5", ""], "række 2: 2021: '33,5' er ikke et beløb i hele kroner."),
    (["5", "Aktivitet", "ØKF", "", "", "-5.000"], "række 2: 2022: '-5.000': beløbet kan ikke være negativt."),
    (["5", "Aktivitet", "ØKF", "", "mange", ""], "række 2: 2021: 'mange' er ikke et beløb i hele kroner."),
    (
        ["5", "Aktivitet", "Forvaltningen for noget der slet ikke findes", "", "", ""],
        "række 2: enheden 'Forvaltningen for noget der slet ikke findes' findes ikke",
    ),
    (["5", "A" * 301, "ØKF", "", "", ""], "række 2: aktivitetens navn er længere end 300 tegn."),
]


@pytest.mark.parametrize(("bad_row", "message"), BAD_ROWS)
def test_a_file_with_one_bad_row_is_refused_whole(partnership, units, bad_row, message):
    rows = [PLAN[0], bad_row] + PLAN[1:]

    with pytest.raises(PlanImportError) as error:
        import_plan_file(partnership=partnership, source=csv_file(rows))

    assert len(error.value.errors) == 1
    assert error.value.errors[0].startswith(message)
    assert not Activity.objects.exists() and not Unit.objects.filter(short_name="Sundhedsteamet").exists()


def test_every_bad_row_is_reported_with_its_row_number(partnership, units):
    rows = [
        PLAN[0],
        PLAN[1],
        ["1", "Dublet", "ØKF", "", "", ""],
        PLAN[2],
        ["", "", "", "", "12", ""],
        PLAN[2],
    ]

    with pytest.raises(PlanImportError) as error:
        import_plan_file(partnership=partnership, source=csv_file(rows))

    assert error.value.errors == [
        "række 3: nr 1 står også i række 2.",
        "række 5: aktiviteten mangler et navn.",
        "række 6: budgetlinjen 'Videnspuljen' står også i række 4.",
    ]


def test_a_refused_file_leaves_the_existing_plan_alone(partnership, units):
    import_plan_file(partnership=partnership, source=csv_file(PLAN))
    before = plan_state(partnership)
    rows = [row[:] for row in PLAN]
    rows[1][4] = "999.000"
    rows[3][5] = "1,5 mio"

    with pytest.raises(PlanImportError):
        import_plan_file(partnership=partnership, source=csv_file(rows))

    assert plan_state(partnership) == before


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["nr", "aktivitet", "2019"], "Kolonnen 2019 ligger uden for planperioden 2021–2024."),
        (["nr", "aktivitet", "ansvarlig enhed"], "Kolonnen ansvarlig enhed kendes ikke. Kolonnerne kan"),
        (["nr", "aktivitet", "enhed", "partnere"], "Kolonnerne enhed og partnere kendes ikke."),
        (["aktivitet", "2021"], "Kolonnen nr mangler."),
        (["beskrivelse", "2021"], "Kolonnerne nr og aktivitet mangler."),
    ],
)
def test_bad_headers_are_refused(partnership, units, header, message):
    with pytest.raises(PlanImportError) as error:
        import_plan_file(partnership=partnership, source=csv_file([header, ["1"] * len(header)]))
    assert error.value.errors[0].startswith(message)


def test_an_unreadable_file_is_refused(partnership):
    with pytest.raises(SpreadsheetError):
        import_plan_file(partnership=partnership, source=io.BytesIO(b""))


def test_the_sum_line_of_an_exported_plan_is_skipped(partnership, units):
    rows = PLAN + [["SUM", "", "", "", "353.000", "335.000"]]
    result = import_plan_file(partnership=partnership, source=csv_file(rows))
    assert len(result.added) == 3


def test_command_imports_and_dry_run_saves_nothing(partnership, units, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_file(PLAN).getvalue())
    out = io.StringIO()

    call_command("import_plan", str(path), partnership=partnership.slug, dry_run=True, stdout=out)
    assert "Prøvekørsel: 3 nye" in out.getvalue() and not Activity.objects.exists()

    call_command("import_plan", str(path), partnership=partnership.slug, stdout=out)
    assert plan_state(partnership) == EXPECTED


def test_command_reports_every_bad_row(partnership, units, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(
        csv_file([PLAN[0], ["x", "A", "ØKF", "", "", ""], ["2", "B", "ØKF", "", "1,5", ""]]).getvalue()
    )

    with pytest.raises(CommandError) as error:
        call_command("import_plan", str(path), partnership=partnership.slug)

    assert "intet er gemt (2 fejl)" in str(error.value)
    assert "række 2:" in str(error.value) and "række 3:" in str(error.value)
    assert not Activity.objects.exists()


def test_command_refuses_an_unknown_partnership(tmp_path):
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("import_plan", str(tmp_path / "x.csv"), partnership="ukendt")


def test_demo_plan_is_the_seeds_tabel_3(demo):
    activities = Activity.objects.filter(partnership=demo)
    totals = {total.year: total.display for total in year_totals(activities, demo.plan_years)}

    assert totals == {2021: "1.289.000", 2022: "1.313.000", 2023: "", 2024: ""}
    assert [a.number for a in activities.order_by("order")] == [
        1, None, 2, 3, 4, 5, 6, 7, 8, 9, None, 10, 11, 12, None
    ]  # fmt: skip
    six = activities.get(number=6)
    assert {b.year: b.amount for b in six.budgets.all()} == {2021: 0, 2022: 0, 2023: None, 2024: None}
    twelve = activities.get(number=12)
    assert twelve.title == "Appendiks: Dybdegående undersøgelse af partnerskabsområdet (ny)"
    assert {b.year: b.amount for b in activities.get(number=11).budgets.all()} == {2021: 40_000, 2022: 60_000}
    assert list(
        activities.get(number=10)
        .responsible_units.order_by("short_name")
        .values_list("short_name", flat=True)
    ) == [
        "Amagerplanen",
        "BUF",
    ]


def test_a_unit_listed_as_responsible_and_partner_is_stored_as_responsible(partnership, units):
    rows = [PLAN[0], ["1", "Dialog", "ØKF|Politi", "politi|KFF", "", ""]]
    import_plan_file(partnership=partnership, source=csv_file(rows))
    activity = Activity.objects.get(partnership=partnership)
    assert sorted(activity.responsible_units.values_list("short_name", flat=True)) == ["Politi", "ØKF"]
    assert list(activity.partner_units.values_list("short_name", flat=True)) == ["KFF"]
