"""Formatting shared by the report's sentences and tables: "ikke opgjort", Danish
enumerations and a change as Tabel 1 and 2 print it."""

from django.utils.translation import gettext as _

from indicators.calculations import format_number


def not_counted():
    return _("ikke opgjort")


def join_words(words):
    """Danish enumeration: "a", "a og b", "a, b og c"."""
    words = [str(word) for word in words if word]
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s og %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def format_change(value, places=0):
    """A change as Tabel 1 and 2 print it: "1,8", "-2", "0"; "ikke opgjort" when unknown."""
    if value is None:
        return not_counted()
    return format_number(value, places)
