"""The seed's Amager data: organisation, plan and midtvejsstatus (indicators add their own)."""

from activities.demo import midtvejsstatus, organisation, plan


def load(stdout):
    """Load the demo; every step is idempotent, so running it twice changes nothing."""
    partnership = organisation.load(stdout)
    plan.load(stdout, partnership)
    midtvejsstatus.load(stdout, partnership)
    return partnership
