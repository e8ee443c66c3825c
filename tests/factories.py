"""factory_boy factories for the domain; each builds a valid object with sensible defaults."""

import datetime

import factory
from django.contrib.auth import get_user_model

from activities import roles
from activities.models import Activity, Budget, Partnership, ReportingRound, StatusResponse, Unit

DEFAULT_PASSWORD = "korrekt-hest-batteri-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.kk.dk")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(roles.role_group(role))
        if create:
            self.save()


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"partnerskab-{n}")
    name = factory.Sequence(lambda n: f"Partnerskab {n}")
    district = "Amager Vest"
    first_year = 2021
    last_year = 2024
    baseline_year = 2020


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"E{n}")
    name = factory.Sequence(lambda n: f"Enhed nummer {n}")
    kind = Unit.Kind.FORVALTNING


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Aktivitet {n + 1}")
    order = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def responsible_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsible_units.set(extracted)

    @factory.post_generation
    def partner_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.partner_units.set(extracted)


class ReportingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRound

    partnership = factory.SubFactory(PartnershipFactory)
    year = 2022
    title = factory.LazyAttribute(lambda r: f"Midtvejsstatus {r.year}")
    period_start = factory.LazyAttribute(lambda r: datetime.date(r.year, 1, 1))
    period_end = factory.LazyAttribute(lambda r: datetime.date(r.year, 4, 30))
    deadline = factory.LazyAttribute(lambda r: datetime.date(r.year, 5, 15))
    is_open = True


class StatusResponseFactory(factory.django.DjangoModelFactory):
    """A draft response; `complete=True` fills every answer so it can be submitted."""

    class Meta:
        model = StatusResponse

    class Params:
        complete = factory.Trait(
            on_track=StatusResponse.Progress.YES,
            on_track_text="Ja, aktiviteten kører som planlagt.",
            deliverable_1="Fire arrangementer med i alt 120 deltagere.",
            concerns=StatusResponse.YesNo.NO,
            adjustments=StatusResponse.YesNo.NO,
        )

    round = factory.SubFactory(ReportingRoundFactory)
    activity = factory.SubFactory(ActivityFactory, partnership=factory.SelfAttribute("..round.partnership"))


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    activity = factory.SubFactory(ActivityFactory)
    year = 2022
    amount = 100_000


def coordinator_of(partnership, **kwargs):
    user = UserFactory(roles=[roles.ROLE_COORDINATOR], **kwargs)
    partnership.coordinators.add(user)
    return user


def member_of(unit, **kwargs):
    user = UserFactory(roles=[roles.ROLE_UNIT_MEMBER], **kwargs)
    unit.members.add(user)
    return user


def administrator(**kwargs):
    return UserFactory(roles=[roles.ROLE_ADMINISTRATOR], **kwargs)


def reader_of(partnership, **kwargs):
    user = UserFactory(roles=[roles.ROLE_READER], **kwargs)
    partnership.readers.add(user)
    return user
