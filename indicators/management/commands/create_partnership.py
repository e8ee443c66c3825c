from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from activities.services import partnership_create
from indicators.services import goals_create_standard


class Command(BaseCommand):
    help = "Opretter et partnerskab med standardmålene fra partnerskabsaftalen."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="kort navn i adresser, fx 'tingbjerg-husum'")
        parser.add_argument("--name", required=True, help="partnerskabets navn")
        parser.add_argument("--district", required=True, help="bydel, fx 'Brønshøj-Husum'")
        parser.add_argument("--first-year", type=int, required=True, help="planperiodens første år")
        parser.add_argument("--last-year", type=int, required=True, help="planperiodens sidste år")
        parser.add_argument("--baseline-year", type=int, required=True, help="baselineår for målene")

    @transaction.atomic
    def handle(self, *args, **options):
        try:
            partnership = partnership_create(
                slug=options["slug"],
                name=options["name"],
                district=options["district"],
                first_year=options["first_year"],
                last_year=options["last_year"],
                baseline_year=options["baseline_year"],
            )
        except ValidationError as error:
            messages = [
                f"--{field.replace('_', '-')}: {message}"
                for field, items in error.message_dict.items()
                for message in items
            ]
            raise CommandError("Partnerskabet blev ikke oprettet. " + " ".join(messages)) from None
        goals = goals_create_standard(partnership=partnership)
        self.stdout.write(
            self.style.SUCCESS(
                f"Partnerskabet '{partnership.name}' er oprettet ({partnership.slug}) med {goals} standardmål."
            )
        )
