from django.core.management.base import BaseCommand, CommandError

from activities.importers import PlanImportError, import_plan_file, preview_plan_file
from activities.models import Partnership
from amager_partnerskab.spreadsheets import SpreadsheetError


class Command(BaseCommand):
    help = (
        "Indlæser en tryghedsplan (aktiviteter, ansvarlige, samarbejdspartnere og budgetter) fra CSV eller XLSX. "
        "En fil med fejl afvises helt."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- eller XLSX-fil med kolonnerne nr, aktivitet, ansvarlige, …")
        parser.add_argument("--partnership", required=True, help="partnerskabets korte navn, fx 'amager'")
        parser.add_argument("--dry-run", action="store_true", help="vis hvad der ville ske, uden at gemme")

    def handle(self, *args, file, partnership, dry_run, **options):
        try:
            target = Partnership.objects.get(slug=partnership)
        except Partnership.DoesNotExist:
            raise CommandError(f"Partnerskabet '{partnership}' findes ikke.") from None
        try:
            if dry_run:
                result = preview_plan_file(partnership=target, source=file)
            else:
                result = import_plan_file(partnership=target, source=file, file_name=file)
        except FileNotFoundError:
            raise CommandError(f"Filen '{file}' findes ikke.") from None
        except SpreadsheetError as error:
            raise CommandError(f"{file}: {error}") from None
        except PlanImportError as error:
            raise CommandError(
                f"{file} blev afvist, intet er gemt ({len(error.errors)} fejl):\n" + "\n".join(error.errors)
            ) from None

        for heading, outcomes in (("Nye", result.added), ("Ændrede", result.changed)):
            for outcome in outcomes:
                details = f" ({'; '.join(outcome.changes)})" if outcome.changes else ""
                self.stdout.write(f"{heading}: række {outcome.row_number}: {outcome.label}{details}")
        if result.new_units:
            self.stdout.write("Nye enheder: " + ", ".join(result.new_units))
        if result.not_in_file:
            self.stdout.write("Ikke i filen (uændret): " + ", ".join(result.not_in_file))
        if dry_run:
            self.stdout.write(self.style.WARNING("Prøvekørsel: " + result.summary() + " Intet er gemt."))
        else:
            self.stdout.write(self.style.SUCCESS("Indlæst: " + result.summary()))
