"""Errors of the storage shell, importable without Django settings."""


class UserError(Exception):
    """A user could not be created or changed; the message says why."""


class NoKeyFile(Exception):
    """No key file is configured."""
