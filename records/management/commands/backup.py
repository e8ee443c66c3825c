from django.core.management.base import BaseCommand, CommandError

from records import backups


class Command(BaseCommand):
    help = "Sikkerhedskopi af databasen og mediemappen (uploads og arkiverede PDF'er) i én .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", default="backups", help="Mappen kopien skrives i (standard: backups)."
        )

    def handle(self, *args, output_dir, **options):
        try:
            archive = backups.create_backup(output_dir)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backups.read_manifest(archive)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sikkerhedskopi skrevet: {archive} "
                f"({manifest['engine']}, {len(manifest['media'])} filer i mediemappen)"
            )
        )
