"""Indicator data and goals (data.py) and the status report with its archived exports (report.py)."""

from indicators.models.data import *  # noqa: F403
from indicators.models.report import *  # noqa: F403
