from django.core.management.base import BaseCommand, CommandError

from indicators.importers import ImportRefused, apply_import, prepare_import


class Command(BaseCommand):
    help = (
        "Indlæser tal fra tryghedsundersøgelsen, politiets anmeldelser og befolkningstal fra en CSV- "
        "eller XLSX-fil. En fil med fejl afvises helt."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (komma eller semikolon) eller XLSX")
        parser.add_argument("--dry-run", action="store_true", help="vis hvad der ville ske, men gem intet")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            _raw_rows, plan = prepare_import(path)
        except FileNotFoundError:
            raise CommandError(f"Filen '{path}' findes ikke.") from None
        except IsADirectoryError:
            raise CommandError(f"'{path}' er en mappe, ikke en fil.") from None
        except ImportRefused as refused:
            raise CommandError(
                "Filen blev afvist, og intet er ændret:\n"
                + "\n".join(f"  {error}" for error in refused.errors)
            ) from None

        for title, rows, show_old in [
            ("Tilføjes", plan.additions, False),
            ("Ændres", plan.changes, True),
            ("Uændret", plan.unchanged, False),
        ]:
            if not rows:
                continue
            self.stdout.write(f"{title} ({len(rows)}):")
            for planned in rows:
                values = f"{planned.old_display} → {planned.new_display}" if show_old else planned.new_display
                self.stdout.write(
                    f"  række {planned.row.number}: {planned.row.partnership_slug}: {planned.row.label}: {values}"
                )
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(f"Advarsel: {warning}"))
        self.stdout.write(plan.summary_line())
        if options["dry_run"]:
            self.stdout.write("Prøvekørsel (--dry-run): intet er gemt.")
            return
        added, changed = apply_import(plan, reason=f"Indlæst fra {path}")
        self.stdout.write(self.style.SUCCESS(f"Gemt: {added} tilføjet, {changed} ændret."))
