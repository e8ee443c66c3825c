from django.core.management.base import BaseCommand

from activities import emails


class Command(BaseCommand):
    help = (
        "Sender påmindelser til enheder, der ikke har indsendt deres midtvejsstatus: 7 og 2 dage før "
        "fristen og dagen efter. Kan køres flere gange om dagen; hver påmindelse sendes kun én gang."
    )

    def handle(self, *args, **options):
        sent = emails.send_reminders()
        self.stdout.write(f"Påmindelser sendt: {sent}")
