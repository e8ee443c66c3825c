from django.conf import settings
from django.core.management.base import BaseCommand

from activities import privacy


class Command(BaseCommand):
    help = (
        "Anonymiserer deaktiverede brugere og sletter svar, e-mail- og loginlogge og sessioner, der er "
        "ældre end opbevaringsperioden (DJANGO_RETENTION_YEARS). Endelige rapporter slettes aldrig. "
        "Køres dagligt fra cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis, hvad der ville ske, uden at ændre noget."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = privacy.apply_retention(dry_run=dry_run)
        verb = "Ville blive behandlet" if dry_run else "Behandlet"
        self.stdout.write(f"Opbevaringsperiode: {settings.RETENTION_YEARS} år. {verb}:")
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
