"""Who gets what, for every URL of the site: one table, walked for seven roles, GET and POST.

The table is checked against the URLconf: a URL without a row fails the test, so a new
view cannot go live without someone deciding who may use it. Each POST that the table
does not list under WRITES must leave the database exactly as it was.

Entries: an HTTP status, or LOGIN for a redirect to the login page. The POST is sent
with no form data; a form that may be used answers with its errors (200/400), an action
that may be taken redirects (302).
"""

import datetime
import hashlib
import io
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from activities import workflow
from activities.models import StatusResponse
from indicators.models import (
    DataSource,
    PoliceCount,
    Population,
    ReportExport,
    StatusReport,
    SurveyResult,
)
from tests import factories
from tests.module_data import data_for_module

LOGIN = "login"
ROLES = ["anonymous", "own_unit", "other_unit", "reader", "coordinator", "other_coordinator", "admin"]

# URLs outside the table, and why.
NOT_IN_TABLE = {
    "admin": "Django's admin: staff only, checked by the admin site itself (see tests/test_audit.py)",
}


def row(anonymous, own_unit, other_unit, reader, coordinator, other_coordinator, admin):
    return dict(
        zip(
            ROLES,
            [anonymous, own_unit, other_unit, reader, coordinator, other_coordinator, admin],
            strict=True,
        )
    )


def same(get, post):
    return row(*[(get, post)] * 7)


# fmt: off
#                                      anonymous       own unit      other unit    reader        coordinator   other coord.  admin
MATRIX = {
    # --- Site and account pages (Django's auth views; the 200 on POST is the form again) ------
    "home":                         row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "healthz":                      same(200, 405),
    "login":                        same(200, 200),
    "logout":                       row((LOGIN, LOGIN), (405, LOGIN), (405, LOGIN), (405, LOGIN), (405, LOGIN), (405, LOGIN), (405, LOGIN)),
    "password_change":              row((LOGIN, LOGIN), (200, 200),   (200, 200),   (200, 200),   (200, 200),   (200, 200),   (200, 200)),
    "password_change_done":         row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "password_reset":               same(200, 200),
    "password_reset_done":          same(200, 405),
    "password_reset_confirm":       same(200, 200),
    "password_reset_complete":      same(200, 405),
    "set_language":                 same(302, 302),
    "accessibility":                same(200, 405),
    "accessibility_redirect":       same(302, 405),
    "favicon":                      same(301, 405),
    "personal_data":                row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (403, 403),   (403, 403),   (200, 200)),
    "personal_data_log":            row((LOGIN, LOGIN), (403, 405),   (403, 405),   (403, 405),   (403, 405),   (403, 405),   (200, 405)),
    # --- Users and units: the administrator's; the coordinator reads the partnership's members
    "user_list":                    row((LOGIN, LOGIN), (403, 405),   (403, 405),   (403, 405),   (403, 405),   (403, 405),   (200, 405)),
    "user_create":                  row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (403, 403),   (403, 403),   (200, 200)),
    "user_edit":                    row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (403, 403),   (403, 403),   (200, 200)),
    "user_set_active":              row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (403, 403),   (403, 403),   (200, 302)),
    "unit_list":                    row((LOGIN, LOGIN), (403, 405),   (403, 405),   (403, 405),   (403, 405),   (403, 405),   (200, 405)),
    "unit_create":                  row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (403, 403),   (403, 403),   (200, 200)),
    "unit_edit":                    row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (403, 403),   (403, 403),   (200, 200)),
    "partnership_units":            row((LOGIN, LOGIN), (403, 405),   (403, 405),   (403, 405),   (200, 405),   (404, 405),   (200, 405)),
    "audit_export":                 row((LOGIN, LOGIN), (403, 405),   (403, 405),   (403, 405),   (403, 405),   (403, 405),   (200, 405)),
    # Two-factor login: everyone's own; nobody here has TOTP yet, so the codes and the switch-off
    # lead back to the setup page, and the code step (no password given first) to the login.
    "login_code":                   same(LOGIN, LOGIN),
    "mfa_setup":                    row((LOGIN, LOGIN), (200, 200),   (200, 200),   (200, 200),   (200, 200),   (200, 200),   (200, 200)),
    "mfa_recovery_codes":           row((LOGIN, LOGIN), (302, 302),   (302, 302),   (302, 302),   (302, 302),   (302, 302),   (302, 302)),
    "mfa_deactivate":               row((LOGIN, LOGIN), (405, 302),   (405, 302),   (405, 302),   (405, 302),   (405, 302),   (405, 302)),
    # Single sign-on is off here (no provider configured): the URLs answer 404 to everyone.
    # tests/accounts/test_sso.py walks them with a provider.
    "openid_connect_login":         same(404, 404),
    "openid_connect_callback":      same(404, 404),
    # --- A reporting year across partnerships: each role sees its own partnerships ---------
    "indicators:reporting_year":    row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "indicators:reporting_year_package": row((LOGIN, LOGIN), (405, 409), (405, 409), (405, 409), (405, 409), (405, 409), (405, 409)),
    "audit":                        row((LOGIN, LOGIN), (403, 405),   (403, 405),   (403, 405),   (403, 405),   (403, 405),   (200, 405)),
    # --- Partnership and plan: everyone in the partnership reads; coordinator and admin edit;
    #     budgets are the administrator's -----------------------------------------------------
    "activities:partnership":       row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "activities:partnership_extend": row((LOGIN, LOGIN), (403, 403),  (403, 403),   (403, 403),   (403, 403),   (404, 404),   (200, 200)),
    "activities:plan":              row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "activities:budget_grid":       row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (403, 403),   (404, 404),   (200, 200)),
    "activities:plan_import":       row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 200),   (404, 404),   (200, 200)),
    "activities:plan_import_template": row((LOGIN, LOGIN), (403, 405), (403, 405), (403, 405), (200, 405), (404, 405), (200, 405)),
    "activities:activity_create":   row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 200),   (404, 404),   (200, 200)),
    "activities:activity_detail":   row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "activities:activity_edit":     row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 200),   (404, 404),   (200, 200)),
    # --- Midtvejsstatus: units answer their own activities (others' answers are 404 to them);
    #     the coordinator reviews; readers read the overview -----------------------------------
    "activities:round_list":        row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "activities:round_create":      row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 200),   (404, 404),   (200, 200)),
    "activities:round_overview":    row((LOGIN, LOGIN), (403, 403),   (403, 403),   (200, 200),   (200, 200),   (404, 404),   (200, 200)),
    "activities:round_export":      row((LOGIN, LOGIN), (403, 403),   (403, 403),   (200, 200),   (200, 200),   (404, 404),   (200, 200)),
    "activities:round_bulk_approve": row((LOGIN, LOGIN), (405, 403),  (405, 403),   (405, 403),   (405, 302),   (405, 404),   (405, 302)),
    "activities:round_add_activities": row((LOGIN, LOGIN), (405, 403), (405, 403),  (405, 403),   (405, 302),   (405, 404),   (405, 302)),
    "activities:round_delete":      row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 302),   (404, 404),   (200, 302)),
    "activities:round_close":       row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 302),   (404, 404),   (200, 302)),
    "activities:round_remind":      row((LOGIN, LOGIN), (405, 403),   (405, 403),   (405, 403),   (405, 302),   (405, 404),   (405, 302)),
    "activities:mail_preferences":  row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 200),   (200, 200),   (403, 403)),
    "activities:round_set_open":    row((LOGIN, LOGIN), (405, 403),   (405, 403),   (405, 403),   (405, 302),   (405, 404),   (405, 302)),
    "activities:response":          row((LOGIN, LOGIN), (200, 400),   (404, 404),   (200, 302),   (200, 302),   (404, 404),   (200, 302)),
    "activities:response_action":   row((LOGIN, LOGIN), (405, 302),   (405, 404),   (405, 302),   (405, 302),   (405, 404),   (405, 302)),
    # --- Indicators and the report: read by the partnership, edited by coordinator and admin --
    "indicators:overview":          row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "indicators:export":            row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "indicators:import":            row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 200),   (404, 404),   (200, 200)),
    "indicators:import_template":   row((LOGIN, LOGIN), (403, 405),   (403, 405),   (403, 405),   (200, 405),   (404, 405),   (200, 405)),
    "indicators:value_edit":        row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 200),   (404, 404),   (200, 200)),
    "indicators:source_edit":       row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 200),   (404, 404),   (200, 200)),
    "indicators:report_latest":     row((LOGIN, LOGIN), (302, 302),   (302, 302),   (302, 302),   (302, 302),   (404, 404),   (302, 302)),
    "indicators:report":            row((LOGIN, LOGIN), (200, 403),   (200, 403),   (200, 403),   (200, 302),   (404, 404),   (200, 302)),
    "indicators:report_preview":    row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "indicators:report_pdf":        row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "indicators:report_docx":       row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "indicators:report_final":      row((LOGIN, LOGIN), (403, 403),   (403, 403),   (403, 403),   (200, 200),   (404, 404),   (200, 200)),
    "indicators:report_download":   row((LOGIN, LOGIN), (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "indicators:report_download_pdfa": row((LOGIN, LOGIN), (200, 405), (200, 405),  (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "indicators:report_dossier":    row((LOGIN, LOGIN), (403, 405),   (403, 405),   (403, 405),   (200, 405),   (404, 405),   (200, 405)),
    # The world's final is a stub PDF without recorded content, so no DOCX can be made of it.
    "indicators:report_download_docx": row((LOGIN, LOGIN), (409, 405), (409, 405),  (409, 405),   (409, 405),   (404, 405),   (409, 405)),
    # --- The read API (/api/v1/): JSON, never a login redirect: 401 without a login or token;
    #     read-only, so a POST is 405; someone outside the partnership gets 404 for its records --
    "api:api-root":                 row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:schema":                   row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:docs":                     row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:partnership-list":         row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:partnership-detail":       row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "api:unit-list":                row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:unit-detail":              row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "api:activity-list":            row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:activity-detail":          row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "api:round-list":               row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:round-detail":             row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "api:survey-result-list":       row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:survey-result-detail":     row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "api:police-count-list":        row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:police-count-detail":      row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "api:population-list":          row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:population-detail":        row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "api:goal-status-list":         row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:goal-status-detail":       row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
    "api:final-report-list":        row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (200, 405)),
    "api:final-report-detail":      row((401, 401),   (200, 405),   (200, 405),   (200, 405),   (200, 405),   (404, 405),   (200, 405)),
}
# fmt: on

# (url name, role) whose POST may write to the database; every other POST must not.
WRITES = {
    ("activities:round_bulk_approve", "coordinator"),  # approves the selected submitted answer
    ("activities:round_set_open", "coordinator"),  # closes the open round
    ("activities:round_set_open", "admin"),
    ("activities:round_remind", "coordinator"),  # logs the reminder to the unit that owes answers
    ("activities:round_remind", "admin"),
    ("activities:round_close", "coordinator"),  # closes the open round
    ("activities:round_close", "admin"),
    ("activities:response_action", "coordinator"),  # approves; the admin is no reviewer
    ("indicators:report", "coordinator"),  # saves the meta block and commentary
    ("indicators:report", "admin"),
    ("personal_data", "admin"),  # the export is written to the access log
    ("user_set_active", "admin"),  # deactivates the unit member
}

# What a role that may open a page sees on it: (url name, role) -> texts the GET must show.
# The round has answers, so it cannot be deleted; closing names the answer still owed.
CONTENT = {
    ("activities:partnership_extend", "admin"): ["Forlæng", "Aktiviteter, der fortsætter", "Baselineår"],
    ("user_list", "admin"): ["Opret bruger", "Seneste login"],
    ("partnership_units", "coordinator"): ["Enheder og medlemmer", "EGEN"],
    ("home", "coordinator"): ["Hvad der skal gøres", "Åben midtvejsstatus", "Statusrapport"],
    ("activities:round_delete", "coordinator"): ["Runden kan ikke slettes"],
    ("activities:round_delete", "admin"): ["Runden kan ikke slettes"],
    ("activities:round_close", "coordinator"): ["svar er ikke godkendt", "EGEN", "ANDEN"],
    ("activities:round_close", "admin"): ["svar er ikke godkendt"],
    ("activities:round_overview", "coordinator"): [
        "Send påmindelse nu",
        "Der er ikke sendt nogen påmindelse",
    ],
    ("activities:mail_preferences", "coordinator"): [
        "Straks, én e-mail pr. indsendt svar",
        "daglig oversigt",
    ],
    # The import pages offer the templates and list what a file may name.
    ("activities:plan_import", "coordinator"): [
        "plan/import/skabelon.xlsx",
        "plan/import/skabelon.csv",
        "EGEN",
    ],
    ("indicators:import", "coordinator"): [
        "indikatorer/import/skabelon.xlsx",
        "utrygge_aften_nat",
        "antal anmeldelser; kræver en kategori",
        "<code>bydel</code>",
        "<code>tyveri_roeveri</code>",
        "Tyveri/Røveri",
    ],
    ("activities:plan_import_template", "admin"): [
        "nr;aktivitet;ansvarlige;samarbejdspartnere;2021;2022;2023;2024\r\n1;Nattevandring i området;",
        "\r\n-;Mødefacilitering;;;4000;-;-;-\r\n",
    ],
    # The Word version sits beside the PDF, for the draft and for each archived final.
    ("indicators:report", "reader"): ["/rapport/2022/pdf/", "/rapport/2022/docx/", '/docx/">Word'],
    ("indicators:import_template", "coordinator"): [
        "partnerskab;indikator;niveau;kategori;aar;vaerdi;respondenter;signifikant\r\n"
        "amager-test;utrygge_nabolag;omraade;;2021;16,5;1234;nej\r\n"
        "amager-test;anmeldelser;omraade;borgervendt;2021;217;;\r\n",
    ],
}

# Form data for POSTs where an empty form would not reach the permission that matters.
POST_DATA = {
    "activities:round_bulk_approve": lambda world: {"selected": [world.submitted.pk]},
    # An all-empty report form is refused when the report has text, so it would not save.
    "indicators:report": lambda world: {"appendix_label": "Bilag 2"},
}


# --- The world the table is about ----------------------------------------------------------

# A word only the unsubmitted draft holds: only its own unit may ever read it.
DRAFT_WORD = "Kladdeordetsomingenandenmaalæse"


class World:
    """One partnership with two units, each responsible for activities, a round with a draft
    and a submitted answer, indicator data, a report with an archived PDF; and a second
    partnership with its own coordinator."""

    def __init__(self):
        self.partnership = factories.PartnershipFactory(slug="amager-test", first_year=2021, last_year=2024)
        self.other_partnership = factories.PartnershipFactory(slug="anden-by")
        own, other = factories.UnitFactory(short_name="EGEN"), factories.UnitFactory(short_name="ANDEN")
        self.unit = own
        self.activity = factories.ActivityFactory(
            partnership=self.partnership, number=1, responsible_units=[own]
        )
        second = factories.ActivityFactory(partnership=self.partnership, number=2, responsible_units=[own])
        others = factories.ActivityFactory(partnership=self.partnership, number=3, responsible_units=[other])
        factories.BudgetFactory(activity=self.activity, year=2022)
        self.round = factories.ReportingRoundFactory(partnership=self.partnership, year=2022)
        self.draft = factories.StatusResponseFactory(
            round=self.round, activity=self.activity, on_track_text=DRAFT_WORD
        )
        submitted = factories.StatusResponseFactory(round=self.round, activity=second, complete=True)
        factories.StatusResponseFactory(round=self.round, activity=others)

        self.users = {
            "anonymous": None,
            "own_unit": factories.member_of(own),
            "other_unit": factories.member_of(other),
            "reader": factories.reader_of(self.partnership),
            "coordinator": factories.coordinator_of(self.partnership),
            "other_coordinator": factories.coordinator_of(self.other_partnership),
            "admin": factories.administrator(),
        }
        workflow.transition(submitted, workflow.Action.SUBMIT, acting_user=self.users["own_unit"])
        self.submitted = StatusResponse.objects.get(pk=submitted.pk)
        self._indicators()

    def _indicators(self):
        p = self.partnership
        self.survey = SurveyResult.objects.create(
            partnership=p, measure="utrygge_nabolag", level="omraade", year=2021, percent=17
        )
        self.police = PoliceCount.objects.create(
            partnership=p, category="borgervendt", level="omraade", year=2021, count=310
        )
        self.population = Population.objects.create(
            partnership=p, level="omraade", year=2021, population=12800
        )
        DataSource.objects.create(
            partnership=p, dataset=DataSource.Dataset.SURVEY, source="Tryghedsundersøgelsen"
        )
        self.report = StatusReport.objects.create(
            partnership=p, year=2022, report_date=datetime.date(2022, 5, 24)
        )
        pdf = b"%PDF-1.7\n% arkiveret\n%%EOF\n"
        export = ReportExport(
            report=self.report, version=1, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf)
        )
        export.file.save("statusrapport.pdf", ContentFile(pdf), save=False)
        export.pdfa_file.save("statusrapport-pdfa.pdf", ContentFile(pdf), save=False)
        export.pdfa_sha256 = export.sha256
        export.save()
        self.export = export

    def args(self, name):
        """Arguments that point each URL at this world's objects."""
        slug = [self.partnership.slug]
        return {
            "password_reset_confirm": ["MQ", "ugyldig-token"],
            "openid_connect_login": ["kommune"],
            "openid_connect_callback": ["kommune"],
            "activities:activity_detail": [self.activity.pk],
            "activities:activity_edit": [self.activity.pk],
            "activities:round_overview": [self.round.pk],
            "activities:round_export": [self.round.pk],
            "activities:round_bulk_approve": [self.round.pk],
            "activities:round_add_activities": [self.round.pk],
            "activities:round_set_open": [self.round.pk],
            "activities:round_delete": [self.round.pk],
            "activities:round_close": [self.round.pk],
            "activities:round_remind": [self.round.pk],
            "activities:response": [self.draft.pk],
            "activities:response_action": [self.submitted.pk, "approve"],
            "indicators:export": slug + ["csv"],
            "audit_export": ["csv"],
            "user_edit": [self.users["own_unit"].pk],
            "user_set_active": [self.users["own_unit"].pk],
            "unit_edit": [self.users["own_unit"].units.first().pk],
            "indicators:reporting_year": [2022],
            "indicators:reporting_year_package": [2022],
            "personal_data": [self.users["own_unit"].pk],
            "indicators:import_template": slug + ["csv"],
            "activities:plan_import_template": slug + ["csv"],
            "indicators:value_edit": slug + ["tryghed", self.survey.pk],
            "indicators:source_edit": slug + ["tryghed"],
            "indicators:report": slug + [2022],
            "indicators:report_preview": slug + [2022],
            "indicators:report_pdf": slug + [2022],
            "indicators:report_docx": slug + [2022],
            "indicators:report_final": slug + [2022],
            "indicators:report_download": [self.export.pk],
            "indicators:report_download_docx": [self.export.pk],
            "indicators:report_download_pdfa": [self.export.pk],
            "indicators:report_dossier": [self.export.pk],
            "api:partnership-detail": slug,
            "api:unit-detail": [self.unit.pk],
            "api:activity-detail": [self.activity.pk],
            "api:round-detail": [self.round.pk],
            "api:survey-result-detail": [self.survey.pk],
            "api:police-count-detail": [self.police.pk],
            "api:population-detail": [self.population.pk],
            "api:goal-status-detail": slug,
            "api:final-report-detail": [self.export.pk],
        }.get(name, slug if "<slug:slug>" in ROUTES.get(name, "") else [])


def url_names():
    """Every named URL of the site with its route, the admin left out (see NOT_IN_TABLE)."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern) == "admin/":
                    continue
                inner = (
                    ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
                )
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"URL {prefix}{pattern.pattern} has no name"
                yield (
                    (f"{namespace}:{pattern.name}" if namespace else pattern.name),
                    prefix + str(pattern.pattern),
                )

    return dict(walk(get_resolver().url_patterns, "", None))


ROUTES = url_names()


def database_fingerprint():
    """Row counts of every table of the two apps, history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for app in ("activities", "indicators")
        for model in apps.get_app_config(app).get_models()
    }


def observed(response):
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return LOGIN
    return response.status_code


def test_every_url_has_a_row_in_the_table():
    missing = sorted(set(ROUTES) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(ROUTES))
    assert not missing, f"URLs without a row in MATRIX: {missing}"
    assert not stale, f"rows in MATRIX for URLs that no longer exist: {stale}"


def test_every_row_names_every_role():
    for name, answers in MATRIX.items():
        assert sorted(answers) == sorted(ROLES), name


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, world_media):
    """The world is built once for the module: each case's own writes roll back after it."""
    with data_for_module(django_db_blocker, world_media):
        yield World()


@pytest.fixture
def world(shared_world, db):
    return shared_world


@pytest.fixture(autouse=True)
def _media_root(settings, world_media):
    """The world's archived PDFs stay where they were saved for every case."""
    settings.MEDIA_ROOT = world_media


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{name}-{role}" for name, role in CASES])
def test_the_answer_is_as_declared(client, world, name, role):
    expected_get, expected_post = MATRIX[name][role]
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, args=world.args(name))

    assert (observed(client.get(url)), "GET") == (expected_get, "GET")

    before = database_fingerprint()
    data = POST_DATA.get(name, lambda world: {})(world)
    assert (observed(client.post(url, data)), "POST") == (expected_post, "POST")
    if (name, role) not in WRITES:
        assert database_fingerprint() == before, "a POST that may not write changed the database"


CONTENT_CASES = sorted(CONTENT)


@pytest.mark.parametrize(("name", "role"), CONTENT_CASES, ids=[f"{n}-{r}" for n, r in CONTENT_CASES])
def test_the_page_shows_what_the_role_is_there_for(client, world, name, role):
    client.force_login(world.users[role])
    page = client.get(reverse(name, args=world.args(name)))
    assert page.status_code == 200
    text = page.content.decode()
    assert [expected for expected in CONTENT[name, role] if expected not in text] == []


CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
HIDDEN = [
    (name, role)
    for name in MATRIX
    for role in ROLES
    if MATRIX[name][role][0] == 404 and ROUTES[name].count("<") > 0
]


@pytest.mark.parametrize(("name", "role"), HIDDEN, ids=[f"{name}-{role}" for name, role in HIDDEN])
def test_someone_outside_gets_the_same_page_as_for_a_missing_object(client, world, name, role):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    real = client.get(reverse(name, args=world.args(name)))
    missing_args = [
        "findes-ikke" if arg == world.partnership.slug else 999_999 if isinstance(arg, int) else arg
        for arg in world.args(name)
    ]
    missing = client.get(reverse(name, args=missing_args))
    assert real.status_code == missing.status_code == 404

    def page(response):
        # The language switch repeats the requested address; tokens differ per request.
        body = CSRF_TOKEN.sub(b"", response.content)
        return body.replace(response.wsgi_request.get_full_path().encode(), b"<address>")

    assert page(real) == page(missing)


def readable_text(response):
    """What a user can read in a response: the page, the PDF's or the DOCX's text or the sheet's cells."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        try:
            return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        except PdfReadError:  # the world's archived PDF is a stub without pages
            return body.decode("latin-1")
    if "wordprocessingml" in content_type:
        document = Document(io.BytesIO(body))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return " ".join([paragraph.text for paragraph in document.paragraphs] + cells)
    if "spreadsheetml" in content_type:
        sheet = load_workbook(io.BytesIO(body)).active
        return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    return body.decode("utf-8", errors="replace")


READABLE = [(name, role) for name in MATRIX for role in ROLES if MATRIX[name][role][0] == 200]


@pytest.mark.parametrize(("name", "role"), READABLE, ids=[f"{name}-{role}" for name, role in READABLE])
def test_nobody_reads_an_answer_they_could_not_open(client, world, name, role):
    """An unsubmitted draft's text is in no page, PDF or export of anyone but its unit."""
    if world.users[role] is not None:
        client.force_login(world.users[role])
    text = readable_text(client.get(reverse(name, args=world.args(name))))
    if role != "own_unit":
        assert DRAFT_WORD not in text


@pytest.mark.parametrize(
    "name",
    ["activities:response", "indicators:report_preview", "indicators:report_pdf", "indicators:report_docx"],
)
def test_the_content_check_can_find_the_words(client, world, name):
    client.force_login(world.users["own_unit"])
    assert DRAFT_WORD in readable_text(client.get(reverse(name, args=world.args(name))))
