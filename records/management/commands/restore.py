from django.core.management.base import BaseCommand, CommandError

from records import backups


class Command(BaseCommand):
    help = "Genskab databasen og mediemappen fra en sikkerhedskopi lavet med `backup`. Overskriver databasen."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Sikkerhedskopien (.tar.gz, eller .tar.gz.enc når den er krypteret)."
        )
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Spørg ikke først."
        )

    def handle(self, *args, file, interactive, **options):
        try:
            manifest = backups.read_manifest(file)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        if interactive:
            answer = input(
                f"Databasen erstattes med sikkerhedskopien fra {manifest['created']}. Skriv 'ja' for at fortsætte: "
            )
            if answer.strip().lower() != "ja":
                raise CommandError("Afbrudt; intet er ændret.")
        try:
            backups.restore_backup(file)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        problems = backups.archived_file_problems()
        if problems:
            raise CommandError(
                "Databasen er genskabt, men disse arkiverede filer mangler eller er ændret: "
                + "; ".join(problems)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Genskabt fra {file}: databasen og {len(manifest['media'])} filer; alle arkiverede filers SHA-256 stemmer."
            )
        )
