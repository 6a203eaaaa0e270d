"""The exception types users see as a one-line message and exit code 2.

Every class here is an InputError, so the CLI prints any of them as ``mtcompare: error:
...`` and exits 2; the subclasses let callers and tests tell the run store's failures apart.
"""


class InputError(Exception):
    """Bad input or an unavailable resource: the CLI prints ``str(exc)`` and exits 2."""


class StoreError(InputError):
    """The run store cannot be used as asked."""


class StoreDamagedError(StoreError):
    """What the store holds cannot be read back: a damaged file, row or value."""


class StoreWriteError(StoreError):
    """A write to the store failed or cannot be done; it was rolled back as a whole."""


class StoreReadOnlyError(StoreWriteError):
    """The store can be read but not written (permissions, a read-only file system)."""
