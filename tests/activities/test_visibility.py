"""Which partnerships a user may read: every way in gives each partnership once, and
nothing else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from activities.models import Partnership
from tests import factories


@pytest.fixture
def world(db):
    amager, other = factories.PartnershipFactory(name="Amager"), factories.PartnershipFactory(name="Nørrebro")
    responsible, partner = factories.UnitFactory(), factories.UnitFactory()
    for number in (1, 2, 3):  # several activities of the same units: still one row per partnership
        factories.ActivityFactory(
            partnership=amager, number=number, responsible_units=[responsible], partner_units=[partner]
        )
    factories.ActivityFactory(partnership=other, number=1)
    return amager, other, responsible, partner


@pytest.mark.parametrize("way_in", ["coordinator", "reader", "responsible_member", "partner_member"])
def test_each_way_in_shows_the_partnership_once(world, way_in):
    amager, _other, responsible, partner = world
    user = {
        "coordinator": lambda: factories.coordinator_of(amager),
        "reader": lambda: factories.reader_of(amager),
        "responsible_member": lambda: factories.member_of(responsible),
        "partner_member": lambda: factories.member_of(partner),
    }[way_in]()
    assert list(Partnership.objects.visible_to(user)) == [amager]


def test_several_ways_in_still_give_one_row_each(world):
    amager, other, responsible, partner = world
    user = factories.coordinator_of(amager)
    amager.readers.add(user)
    responsible.members.add(user)
    other.readers.add(user)
    assert list(Partnership.objects.visible_to(user).order_by("name")) == [amager, other]


def test_no_way_in_shows_nothing(world):
    assert not Partnership.objects.visible_to(factories.UserFactory()).exists()
    assert not Partnership.objects.visible_to(AnonymousUser()).exists()


def test_administrators_see_every_partnership(world):
    assert Partnership.objects.visible_to(factories.administrator()).count() == 2
