import io
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from activities.models import Partnership
from indicators import committee


class Command(BaseCommand):
    help = (
        "Danner udvalgspakken for et år: hvert partnerskabs endelige bilag som 'Bilag N', oversigten over "
        "målene som PDF og manifest.json med SHA-256, pakket ud i mappen. Med --draft må bilag mangle; de "
        "dannes da som udkast, og oversigten mærkes UDKAST."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="rapporteringsåret, fx 2022")
        parser.add_argument("--output", required=True, help="mappen, filerne skrives i (oprettes)")
        parser.add_argument("--draft", action="store_true", help="udkastpakke: manglende bilag som udkast")

    def handle(self, *args, year, output, draft=False, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year: {year} er ikke et år mellem 2000 og 2100.")
        rows = committee.reporting_year(Partnership.objects.all(), year)
        if not any(row.covered for row in rows):
            raise CommandError(f"--year: ingen partnerskaber har en aftale, der dækker {year}.")
        problems = committee.package_problems(rows)
        if problems and not draft:
            raise CommandError(
                "Den endelige pakke kan ikke dannes endnu:\n"
                + "\n".join(f"- {p}" for p in problems)
                + "\nBrug --draft for en udkastpakke."
            )
        content = committee.committee_package(rows, year, draft=draft, user=None)
        folder = Path(output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                archive.extractall(folder)
        except OSError as error:
            raise CommandError(f"--output: kan ikke skrive i {folder}: {error.strerror}.") from error
        for row in rows:
            if row.covered:
                self.stdout.write(f"{row.label}: {row.partnership.name} ({row.state})")
        self.stdout.write(f"Udvalgspakken for {year} er skrevet i {folder}.")
