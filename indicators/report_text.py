"""The report's generated Danish sentences, built from the indicator summary."""


def goal_groups(goals, partnership):
    return []


def indicator_sections(partnership, year, *, problems):
    return None
