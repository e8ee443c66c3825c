"""``make bench``: query counts per page (demo and scale data, counted cold), PDF timings and
load under gunicorn: the main pages, the floor (a page of only the base template) and ``/healthz``.

Run on a database of its own: it loads the demo, measures, adds the scale data, measures
again and exports reports (archived in ``DJANGO_MEDIA_ROOT``). The last line is one JSON object.
"""

import io
import json

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from activities.models import Partnership
from indicators import bench


class Command(BaseCommand):
    help = "Måler forespørgsler pr. side, PDF-eksport og svartider under belastning; sidste linje er JSON."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=32, help="samtidige klienter i belastningstesten")
        parser.add_argument("--seconds", type=int, default=20, help="sekunder pr. belastningstest")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn-workers")
        parser.add_argument("--runs", type=int, default=5, help="målinger pr. PDF-tid (medianen bruges)")

    def say(self, text):
        self.stdout.write(text)
        self.stdout.flush()

    def handle(self, *args, **options):
        if Partnership.objects.filter(slug__in=["amager", "skala-nord"]).exists():
            raise CommandError("Databasen skal være tom (kør migrate på en ny database først).")
        quiet = io.StringIO()
        self.say("Indlæser demodata …")
        call_command("load_demo", stdout=quiet)
        # The test client's host name; opening a round e-mails the units, which is kept in memory here.
        with override_settings(
            ALLOWED_HOSTS=["testserver"], EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ):
            demo_visits = bench.main_pages(bench.demo_partnership(), bench.administrator("admin"))
            demo_counts = {visit.name: bench.count_queries(visit) for visit in demo_visits}
            self.say("Opretter skaladata (3 partnerskaber × 40 aktiviteter × 8 år) …")
            call_command("generate_scale_data", stdout=quiet)
            scale_visits = bench.main_pages(bench.scale_partnership(), bench.administrator("skala-admin"))
            scale_counts = {visit.name: bench.count_queries(visit) for visit in scale_visits}
        queries = {name: [demo_counts[name], scale_counts[name]] for name in demo_counts}
        for name, (demo, scale) in queries.items():
            self.say(f"  forespørgsler {name:<20} demo {demo:>3}   skala {scale:>3}")

        self.say("Måler PDF-eksport …")
        demo = bench.demo_partnership()
        pdf_seconds, weasyprint_seconds = bench.time_pdf(
            demo, demo.coordinators.first(), runs=options["runs"]
        )
        scale = bench.scale_partnership()
        large_seconds, large_weasyprint_seconds = bench.time_pdf(
            scale, scale.coordinators.first(), runs=options["runs"]
        )
        self.say(
            f"  demo 2022: {pdf_seconds:.2f} s (WeasyPrint alene {weasyprint_seconds:.2f} s); "
            f"40 aktiviteter: {large_seconds:.2f} s (WeasyPrint alene {large_weasyprint_seconds:.2f} s)"
        )

        visits = demo_visits + scale_visits
        clients = bench.load_clients(visits, options["clients"])
        # The floor: a page that renders only the base template for a logged-in user.
        floor_clients = bench.load_clients(bench.floor_pages(visits), options["clients"])
        self.say(f"Belastning: gunicorn med {options['workers']} workers, {options['clients']} klienter …")
        with bench.Server(workers=options["workers"]) as server:
            load = bench.load_pages(server, clients, options["seconds"], options["workers"])
            floor = bench.load_pages(server, floor_clients, options["seconds"], options["workers"])
            health = bench.run_load(
                server.port, [[("/healthz", None)]] * options["clients"], options["seconds"]
            )
        for name, run in (("hovedsider", load), ("gulv (skift adgangskode)", floor), ("/healthz", health)):
            self.say(
                f"  {name}: {run['rps']} forespørgsler/s, p50 {run['p50_ms']} ms, p95 {run['p95_ms']} ms, "
                f"{run['errors']} fejl af {run['requests']}"
            )
        load["floor_rps"] = floor["rps"]
        load["floor_errors"] = floor["errors"]
        load["healthz_rps"] = health["rps"]
        load["floor_ratio"] = bench.rate_ratio(load["rps"], floor["rps"])
        load["floor_healthz_ratio"] = bench.rate_ratio(floor["rps"], health["rps"])

        result = {
            "page_cache": False,
            "pdf_seconds": round(pdf_seconds, 3),
            "pdf_weasyprint_only_seconds": round(weasyprint_seconds, 3),
            "pdf_overhead_ratio": round(pdf_seconds / weasyprint_seconds, 3),
            "pdf_large_seconds": round(large_seconds, 3),
            "pdf_large_weasyprint_only_seconds": round(large_weasyprint_seconds, 3),
            "pdf_large_overhead_ratio": round(large_seconds / large_weasyprint_seconds, 3),
            "queries": queries,
            "load": load,
        }
        self.say(json.dumps(result, ensure_ascii=False))
