"""The one exception type users see as a one-line message and exit code 2."""


class InputError(Exception):
    """Bad input or an unavailable resource: the CLI prints ``str(exc)`` and exits 2."""
