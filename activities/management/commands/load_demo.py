from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from activities.demo.organisation import DEMO_PASSWORD, UNITS


class Command(BaseCommand):
    help = "Indlæser statusrapportens Amager-data og én demo-login pr. rolle. Kan køres flere gange."

    @transaction.atomic
    def handle(self, *args, **options):
        # Each app that has a `demo` module loads its own part, in INSTALLED_APPS order,
        # so activities never needs to know about indicators.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name.startswith("django") or find_spec(config.name) is None:
                continue
            if find_spec(module_name) is None:
                continue
            import_module(module_name).load(self.stdout)
        logins = ["admin", "koordinator", "laeser"] + [login for *_rest, login in UNITS]
        self.stdout.write(self.style.SUCCESS("Demodata er indlæst."))
        self.stdout.write(f"Demo-logins (adgangskode '{DEMO_PASSWORD}'): " + ", ".join(logins))
