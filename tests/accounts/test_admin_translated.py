"""The Django admin, kept for technical use, speaks Danish: every app and model on its index,
and every list's column headers and filter titles, whatever app they come from; English for
whoever switched to English."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import label_for_field
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from tests import factories

# Column names that Danish writes as English does.
SAME_IN_BOTH = {"id", "uid", "status", "type", "token", "app"}


@pytest.fixture
def superuser_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("teknik", "teknik@kk.dk", "x"))
    return client


def in_both_languages(render):
    with translation.override("da"):
        danish = render()
    with translation.override("en"):
        english = render()
    return danish, english


def test_every_app_and_model_on_the_admin_index_is_in_danish(superuser_client):
    page = superuser_client.get(reverse("admin:index"))
    content = page.content.decode()

    assert '<html lang="da"' in content
    app_list = page.context["app_list"]
    assert {"axes", "mfa", "django_tasks_database", "socialaccount", "auth"} <= {
        app["app_label"] for app in app_list
    }
    untranslated = []
    for app in app_list:
        danish, english = in_both_languages(
            lambda app=app: [str(app["name"])] + [str(model["name"]) for model in app["models"]]
        )
        untranslated += [name for name, original in zip(danish, english, strict=True) if name == original]
        for name in danish:
            assert escape(name) in content
        assert str(apps.get_app_config(app["app_label"]).verbose_name) in danish
    assert untranslated == []
    for label in ["Axes", "Access attempts", "Access failures", "Authenticators", "Task Results"]:
        assert label not in content
    for label in ["Loginforsøg", "Mislykkede loginforsøg", "Totrinsmetoder", "Baggrundsopgaver"]:
        assert label in content


def test_an_english_user_sees_the_admin_in_english(superuser_client):
    superuser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = superuser_client.get(reverse("admin:index")).content.decode()
    assert '<html lang="en"' in content
    for label in ["Login attempts", "Access attempts", "Two-factor login", "Task Results"]:
        assert label in content
    assert "Loginforsøg" not in content


def list_labels(changelist):
    """The column headers and filter titles of a changelist, in the active language."""
    columns = [name for name in changelist.list_display if name != "action_checkbox"]
    return [str(label_for_field(name, changelist.model, changelist.model_admin)) for name in columns] + [
        str(spec.title) for spec in changelist.filter_specs
    ]


@pytest.fixture
def technical_rows(db):
    """A row in each technical list, so that every column is rendered."""
    user = factories.UserFactory(username="mette")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    account = SocialAccount.objects.create(user=user, provider="kommune", uid="sub-1")
    app = SocialApp.objects.create(provider="openid_connect", name="Kommunen", client_id="x")
    SocialToken.objects.create(app=app, account=account, token="t")
    AccessAttempt.objects.create(
        username="mette", ip_address="127.0.0.1", user_agent="test", failures_since_start=2, path_info="/"
    )
    DBTaskResult.objects.create(
        task_path="activities.tasks.deliver_mail",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )


# The task list names each task through the real (database) queue.
@pytest.mark.task_worker
def test_every_list_in_the_admin_has_danish_column_and_filter_names(superuser_client, technical_rows):
    index = superuser_client.get(reverse("admin:index")).context["app_list"]
    untranslated = []
    for model in [model for app in index for model in app["models"]]:
        response = superuser_client.get(model["admin_url"])
        assert response.status_code == 200, model["admin_url"]
        changelist = response.context["cl"]
        if changelist.model in (Authenticator, SocialAccount, SocialToken, AccessAttempt, DBTaskResult):
            assert changelist.result_count == 1
        danish, english = in_both_languages(lambda changelist=changelist: list_labels(changelist))
        untranslated += [
            f"{changelist.model._meta.label}: {label}"
            for label, original in zip(danish, english, strict=True)
            if label == original and label.lower() not in SAME_IN_BOTH
        ]
    assert untranslated == []
    tasks = superuser_client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert "deliver_mail" in tasks.content.decode()
    assert "Sat i kø" in tasks.content.decode()
    task = superuser_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[DBTaskResult.objects.get().pk])
    ).content.decode()
    assert "Fejlspor" in task and "Køres tidligst" in task


def form_labels(form, model_admin, request, obj):
    """The labels of an edit page's fields and read-only fields, in the active language."""
    readonly = model_admin.get_readonly_fields(request, obj)
    return [str(field.label) for field in form.fields.values()] + [
        str(label_for_field(name, type(obj), model_admin)) for name in readonly
    ]


@pytest.mark.task_worker
def test_every_edit_page_in_the_admin_has_danish_labels(superuser_client, technical_rows):
    index = superuser_client.get(reverse("admin:index")).context["app_list"]
    untranslated, pages = [], 0
    for entry in [model for app in index for model in app["models"]]:
        model = entry["model"]
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        response = superuser_client.get(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        )
        assert response.status_code == 200, model
        pages += 1
        adminform = response.context["adminform"]
        danish, english = in_both_languages(
            lambda adminform=adminform, response=response, obj=obj: form_labels(
                adminform.form, adminform.model_admin, response.wsgi_request, obj
            )
        )
        untranslated += [
            f"{model._meta.label}: {label}"
            for label, original in zip(danish, english, strict=True)
            if label == original and label.lower() not in SAME_IN_BOTH | {"data"}
        ]
        for english_label in ("User:", "Created at:", "Last used at:", "Account:", "Provider:", "Settings:"):
            assert english_label not in response.content.decode(), f"{model._meta.label}: {english_label}"
    assert pages >= 8
    assert untranslated == []
