"""Goals created with the earlier standard wording get the agreement's text: the
partnership's name in goals 1 and 2, the data-basis paragraph under goal 2 and the
rationale of goal 3. Goals whose wording someone changed are left alone."""

from django.db import migrations

DATA_BASIS = (
    "Data fra Københavns Kommunes tryghedsundersøgelse og data fra Rigspolitiets anmeldelsesregister "
    "danner grundlag for målingen. Den årlige monitorering sker på baggrund af data fra Københavns Politi."
)
OLD_SURVEY = (
    "Andelen af utrygge borgere skal årligt udvise et fald i utrygheden og nærme sig "
    "Københavnniveau i {last}, også hvad utryghed i aften- og nattetimer angår."
)
NEW_SURVEY = (
    "Andelen af utrygge borgere i {name} skal årligt udvise et fald i utrygheden og nærme sig "
    "Københavnniveau i {last}, også hvad utryghed i aften- og nattetimer angår."
)
OLD_RATE = (
    "Det samlede antal anmeldelser af borgervendt kriminalitet per 1000 indbyggere i "
    "partnerskabsområdet skal som minimum fastholdes på {baseline}-niveau."
)
NEW_RATE = (
    "Det samlede antal anmeldelser af borgervendt kriminalitet per 1000 indbyggere i "
    "{area}, skal som minimum fastholdes på {baseline}-niveau."
)
OLD_COLLABORATION = (
    "Ud af det samlede antal aktiviteter i tryghedsplanen skal minimum 75 % involvere to eller "
    "flere samarbejdspartnere, lokaliseret i eller udenfor partnerskabsområdet."
)
NEW_COLLABORATION = (
    "Ud af det samlede antal aktiviteter i tryghedsplanen, skal minimum 75 % involvere to eller "
    "flere samarbejdspartnere, lokaliseret i eller udenfor partnerskabsområdet. Dette for at "
    "understøtte det tværgående samarbejde på tværs af partnerskabets geografiske afgrænsning."
)


def reword(apps, schema_editor):
    Goal = apps.get_model("indicators", "Goal")
    for goal in Goal.objects.select_related("partnership"):
        partnership = goal.partnership
        name = partnership.name
        area = f"{name}sområde" if name.endswith("Partnerskab") else "partnerskabsområdet"
        values = {"name": name, "area": area, "last": partnership.last_year, "baseline": goal.baseline_year}
        changed = False
        for old, new in [(OLD_SURVEY, NEW_SURVEY), (OLD_RATE, NEW_RATE), (OLD_COLLABORATION, NEW_COLLABORATION)]:
            if goal.description == old.format(**values):
                goal.description = new.format(**values)
                changed = True
        if goal.indicator == "anmeldelser_pr_1000" and goal.category == "borgervendt" and not goal.note:
            goal.note = DATA_BASIS
            changed = True
        if changed:
            goal.save(update_fields=["description", "note"])


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_report_sources_and_goal_notes")]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
