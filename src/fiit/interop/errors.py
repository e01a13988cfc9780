"""Failures of the interop core (data problems in rows are results, not exceptions)."""

from fiit.problems.errors import FiitError


class InteropError(FiitError):
    """Something the user can fix; the message says what, in one sentence."""

    code = "interop"


class FormLayoutError(InteropError):
    """An instrument cannot be laid out as an XLSForm (a name clash)."""


class PublicKeyError(InteropError):
    """The public key given for form encryption is not a usable RSA key in PEM format."""


class FileRefused(InteropError):
    """An import file could not be read: wrong format, encoding, size or content."""
