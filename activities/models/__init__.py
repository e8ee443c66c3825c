"""Organisation, the safety plan and the midtvejsstatus.

Partnerships and units are the organisation every other record is scoped by; activities
and budgets are the tryghedsplan; reporting rounds and status responses are the
midtvejsstatus that the units fill in and the coordinator reviews.
"""

from activities.models.mail import OutgoingMail
from activities.models.midtvejsstatus import (
    DigestLog,
    MailPreference,
    ReminderLog,
    ReportingRound,
    ResponseTransition,
    StatusResponse,
)
from activities.models.organisation import Agreement, AgreementPeriod, Partnership, Unit
from activities.models.plan import Activity, Budget
from activities.models.privacy import PersonalDataAccess

__all__ = [
    "Activity",
    "Agreement",
    "AgreementPeriod",
    "Budget",
    "DigestLog",
    "MailPreference",
    "OutgoingMail",
    "Partnership",
    "PersonalDataAccess",
    "ReminderLog",
    "ReportingRound",
    "ResponseTransition",
    "StatusResponse",
    "Unit",
]
