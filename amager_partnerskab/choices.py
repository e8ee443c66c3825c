"""Labels of stored choices."""


def choice_label(choices, value):
    """The label of a stored choice, as ``get_FOO_display()`` gives it, without that
    method's cost of rebuilding and hashing the field's choices on every call (which a
    table of a few hundred rows feels); a value outside the choices is returned as it is."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
