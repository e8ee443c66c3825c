from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories

User = get_user_model()


def test_the_admin_lists_who_waits_for_approval_and_activates_them(client, db):
    client.force_login(User.objects.create_superuser("teknik", "teknik@kk.dk", "x"))
    waiting = factories.UserFactory(username="ny@kk.dk", is_active=False)
    waiting.set_unusable_password()
    waiting.save()
    SocialAccount.objects.create(user=waiting, provider="kommune", uid="sub-1")
    factories.UserFactory(username="tidligere", is_active=False, last_login="2025-01-01T00:00:00Z")
    changelist = reverse("admin:auth_user_changelist")

    page = client.get(changelist, {"godkendelse": "venter"})
    assert [user.username for user in page.context["cl"].result_list] == ["ny@kk.dk"]
    assert page.context["cl"].result_list[0].has_social_account

    client.post(changelist, {"action": "activate", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.is_active
    assert not User.objects.get(username="tidligere").is_active
