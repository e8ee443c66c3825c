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
            _raw_rows, comparison = prepare_import(path)
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
            ("Tilføjes", comparison.additions, False),
            ("Ændres", comparison.changes, True),
            ("Uændret", comparison.unchanged, False),
        ]:
            if not rows:
                continue
            self.stdout.write(f"{title} ({len(rows)}):")
            for compared in rows:
                values = (
                    f"{compared.old_display} → {compared.new_display}" if show_old else compared.new_display
                )
                self.stdout.write(
                    f"  række {compared.row.number}: {compared.row.partnership_slug}: {compared.row.label}: {values}"
                )
        for warning in comparison.warnings:
            self.stdout.write(self.style.WARNING(f"Advarsel: {warning}"))
        self.stdout.write(comparison.summary_line())
        if options["dry_run"]:
            self.stdout.write("Prøvekørsel (--dry-run): intet er gemt.")
            return
        added, changed = apply_import(comparison, reason=f"Indlæst fra {path}")
        self.stdout.write(self.style.SUCCESS(f"Gemt: {added} tilføjet, {changed} ændret."))
