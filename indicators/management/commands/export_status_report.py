from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from activities.models import Partnership
from indicators import report as report_data
from indicators import report_docx


class Command(BaseCommand):
    help = (
        "Danner statusrapporten (bilaget) som PDF eller DOCX (efter filendelsen) og evt. HTML. Uden --draft "
        "er det den endelige rapport: den kræver, at alle svar i årets midtvejsstatus er godkendt, og PDF'en "
        "gemmes som ny version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, help="partnerskabets korte navn, fx 'amager'")
        parser.add_argument("--year", type=int, required=True, help="rapportens år, fx 2022")
        parser.add_argument(
            "--output",
            required=True,
            help="filen der skrives: rapport.docx giver Word (DOCX), ellers PDF, fx rapport.pdf",
        )
        parser.add_argument("--html", help="skriv også HTML-udgaven til denne fil")
        parser.add_argument(
            "--draft", action="store_true", help="udkast med UDKAST-mærke; gemmes ikke som endelig version"
        )
        parser.add_argument("--user", help="brugernavn der registreres som eksportør af den endelige rapport")

    def handle(self, *args, **options):
        slug = options["partnership"]
        year = options["year"]
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "ingen"
            raise CommandError(f"--partnership: partnerskabet '{slug}' findes ikke (kendte: {known}).")
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year: {year} er ikke et gyldigt år.")
        output = Path(options["output"])
        html_output = Path(options["html"]) if options["html"] else None
        for option, path in (("--output", output), ("--html", html_output)):
            if path is not None and not path.parent.exists():
                raise CommandError(f"{option}: mappen '{path.parent}' findes ikke.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: brugeren '{options['user']}' findes ikke.")

        report = report_data.report_for(partnership, year)
        _state, problems = report_data.report_status(report)
        for problem in problems:
            self.stderr.write(self.style.WARNING(f"Bemærk: {problem}"))

        as_docx = output.suffix.lower() == ".docx"
        if options["draft"]:
            if as_docx:
                document = report_docx.render_report_docx(report, draft=True)
            else:
                document = report_data.render_report_pdf(report, draft=True)
            output.write_bytes(document)
            self.stdout.write(self.style.SUCCESS(f"Udkast skrevet til {output} ({len(document)} bytes)."))
        else:
            try:
                export, created = report_data.status_report_export(report=report, acting_user=user)
            except ValidationError as error:
                raise CommandError(
                    " ".join(error.messages) + " Brug --draft for et udkast med UDKAST-mærke."
                ) from None
            pdf = export.read_bytes()
            # The archived final is the PDF; its DOCX is made of the same content just exported.
            document = (
                report_docx.render_report_docx(report, draft=False, version=export.version)
                if as_docx
                else pdf
            )
            output.write_bytes(document)
            if not created:
                self.stdout.write(
                    f"Indholdet er det samme som i version {export.version}; der er ikke oprettet en ny version."
                )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Endelig rapport version {export.version} skrevet til {output} "
                    f"({len(document)} bytes; den arkiverede PDF har SHA-256 {export.sha256})."
                )
            )
        if html_output is not None:
            html_output.write_text(
                report_data.render_report_html(report, draft=options["draft"] or None), encoding="utf-8"
            )
            self.stdout.write(self.style.SUCCESS(f"HTML skrevet til {html_output}."))
