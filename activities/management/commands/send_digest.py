from django.core.management.base import BaseCommand

from activities import emails


class Command(BaseCommand):
    help = (
        "Sender hver koordinator én e-mail med de svar, der er indsendt siden sidste oversigt. "
        "Køres dagligt fra cron; en ny kørsel sender kun nye indsendelser."
    )

    def handle(self, *args, **options):
        sent = emails.send_digests()
        self.stdout.write(f"Daglige oversigter sendt: {sent}")
