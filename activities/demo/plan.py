"""Tabel 3 of the seed (financing per activity and year) with the responsible units of
Tabel 4 and the partners behind the seed's 92 % collaboration share.

The plan goes through the same importer as an uploaded file, so the demo proves the
import format too. Choices where the seed does not say:

- Activity 1's "Ansvarlig" is "Kommunikationsmedarbejder i partnerskabet", a post in the
  partnership's secretariat at Økonomiforvaltningen (Sikker By), so it is ØKF.
- "Økonomiforvaltningen og arbejdsgruppen" (activities 2 and 12) is ØKF; activity 2 adds
  Amagerplanen, which Tabel 4 names as the main actor.
- The budget lines (Videnspuljen, Sundby Idrætspark, Mødefacilitering) are not in Tabel 4
  and have no responsible unit.
- Partners are not listed in the seed; those below are plausible from the Tabel 4 texts.
  Counted as the agreement counts collaboration (responsible units and partners
  together), 11 of the 12 numbered activities involve two or more organisations; activity
  12, the analysis, is ØKF's alone.
"""

import io

from activities.importers import import_plan_file

DESCRIPTIONS = {
    1: "Dialog med beboerne, kommunikation om tryghed og værtskab ved arrangementer, inkl. beboerblad, "
    "nyhedsbreve og videoer til sociale medier.",
    2: "En pulje til tryghedsskabende arrangementer og dialogpavilloner ved utryghedsskabende hændelser.",
    4: "Åben container i Remiseparken med aktiviteter og brobygning for unge.",
    11: "Beboere, frivillige og ansatte uddannes som samfundshjælpere, der tager samtaler med naboer.",
}

PLAN_CSV = """\
nr;aktivitet;ansvarlige;samarbejdspartnere;2021;2022;2023;2024
1;Dialog, kommunikation og værtskab, inkl. produkter;ØKF;Amagerplanen|Politi;335.000;335.000;350.000;350.000
-;Videnspuljen;;;18.000;-;;
2;Tryghedspulje og dialogpavilloner;ØKF|Amagerplanen;Politi|BUF;40.000;72.000;-;-
3;Formidlingsindsats målrettet familier med flerkulturel baggrund;SOF|Amagerplanen;BUF|SUF;335.000;335.000;-;-
4;Aktiviteter for unge omkring containeren i Remiseparken;BUF;KFF|SOF;157.000;157.000;-;-
5;Bemandede legepladser som arena for et tryggere lokalmiljø;TMF;Amagerplanen|KFF;90.000;90.000;67.000;42.000
6;Koordinationsnetværk for 18+ i gaderummet;Amagerplanen;SOF|Politi;0;0;-;-
7;God stil i Remiseparken;Amagerplanen;KFF|TMF;70.000;30.000;-;-
8;Lommepengejobs for 13-15-årige;Amagerplanen;BIF|BUF;50.000;50.000;50.000;50.000
9;Blå bane - arena for brobygning;BUF;KFF|Amagerplanen;55.000;55.000;60.000;60.000
-;Tryghedsskabende projekt i Sundby Idrætspark;;;30.000;-;-;-
10;Udvikling af ungetilbud i Hørgården;Amagerplanen|BUF;KFF|SOF;65.000;75.000;-;-
11;Samfundshjælperne;Amagerplanen;SUF|BIF;40.000;60.000;;
12;Appendiks: Dybdegående undersøgelse af partnerskabsområdet (ny);ØKF;;-;50.000;-;-
-;Mødefacilitering;;;4.000;4.000;4.000;4.000
"""


def load(stdout, partnership):
    """Bring the partnership's plan in line with the seed; a second run changes nothing."""
    result = import_plan_file(
        partnership=partnership, source=io.BytesIO(PLAN_CSV.encode("utf-8")), file_name="demo (Tabel 3)"
    )
    for number, description in DESCRIPTIONS.items():
        activity = partnership.activities.get(number=number)
        if not activity.description:
            activity.description = description
            activity.save(update_fields=["description"])
    stdout.write(f"Tryghedsplan: {result.summary()}")
    return partnership
