"""Errors of the storage shell, importable without Django settings."""

from fiit.problems.errors import FiitError


class UserError(FiitError):
    """A request the data does not allow (a user, a recommendation, a quote); the message says why."""

    code = "refused"


class NoKeyFile(FiitError):
    """No key file is configured."""

    code = "no_key_file"
    server_side = True


class NoStudy(FiitError):
    """No study fits (:mod:`fiit.db.studies`): none named so, or none yet."""

    code = "no_study_yet"


class CountryNotStored(FiitError):
    """Interviews of a country the database has no row for (:func:`fiit.db.bulk.insert_interviews`): none stored."""

    code = "country_not_stored"
