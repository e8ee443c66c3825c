"""``make bench``: query counts per page (demo and scale data), PDF timings and load under gunicorn.

Run on a database of its own: it loads the demo, measures, adds the scale data, measures
again and exports reports (archived in ``DJANGO_MEDIA_ROOT``). The last line is one JSON object.
"""

import io
import json

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from amager_partnerskab import bench


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
        from activities.models import Partnership

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
        coordinator = demo.coordinators.first()
        pdf_seconds, weasyprint_seconds = bench.time_pdf(demo, coordinator, runs=options["runs"])
        scale = bench.scale_partnership()
        large_seconds, _none = bench.time_pdf(
            scale, scale.coordinators.first(), runs=options["runs"], weasyprint_only=False
        )
        self.say(
            f"  demo 2022: {pdf_seconds:.2f} s (WeasyPrint alene {weasyprint_seconds:.2f} s); "
            f"40 aktiviteter: {large_seconds:.2f} s"
        )

        clients = bench.load_clients(demo_visits + scale_visits, options["clients"])
        self.say(f"Belastning: gunicorn med {options['workers']} workers, {options['clients']} klienter …")
        with bench.Server(workers=options["workers"]) as server:
            load = bench.load_pages(server, clients, options["seconds"], options["workers"])
            self.say(
                f"  hovedsider: {load['rps']} forespørgsler/s, p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, "
                f"{load['errors']} fejl af {load['requests']}"
            )
            health = bench.run_load(
                server.port, [[("/healthz", None)]] * options["clients"], options["seconds"]
            )
            self.say(
                f"  /healthz: {health['rps']} forespørgsler/s, p50 {health['p50_ms']} ms, {health['errors']} fejl"
            )
        load["baseline_rps"] = health["rps"]
        load["rps_ratio"] = bench.rate_ratio(load["rps"], health["rps"])

        # For comparison: the same pages rendered on every request, with the page cache off.
        with bench.Server(workers=options["workers"], DJANGO_PAGE_CACHE_SECONDS="0") as server:
            uncached = bench.load_pages(server, clients, options["seconds"], options["workers"])
        self.say(
            f"  hovedsider uden sidecache: {uncached['rps']} forespørgsler/s, p50 {uncached['p50_ms']} ms, "
            f"{uncached['errors']} fejl af {uncached['requests']}"
        )
        load["uncached_rps"] = uncached["rps"]
        load["uncached_rps_ratio"] = bench.rate_ratio(uncached["rps"], health["rps"])
        load["uncached_errors"] = uncached["errors"]

        result = {
            "pdf_seconds": round(pdf_seconds, 3),
            "pdf_weasyprint_only_seconds": round(weasyprint_seconds, 3),
            "pdf_overhead_ratio": round(pdf_seconds / weasyprint_seconds, 3),
            "pdf_large_seconds": round(large_seconds, 3),
            "queries": queries,
            "load": load,
        }
        self.say(json.dumps(result, ensure_ascii=False))
