"""Errors that carry a one-line message a researcher can act on.

The CLI prints ``str(error)`` and exits non-zero; nothing else is caught, so a
real bug still shows its traceback.
"""


class FramingError(Exception):
    """Base class for every error `framing` raises on purpose."""


class InputError(FramingError, ValueError):
    """The user's input (file, column, text, labels) cannot be used as given."""


class ModelFileError(FramingError):
    """A saved model file is missing, corrupt or contains untrusted types."""


class OutputError(FramingError):
    """An output cannot be written (full disk, read-only filesystem, ...); nothing half-written is left."""
