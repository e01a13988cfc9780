"""A study with final interviews in BE and FR and users of each role (the editorial fixtures)."""

from tests.editorial.conftest import (  # noqa: F401  (fixtures)
    PASSWORD, TEXTS, as_user, compiled_messages, interviews, study, users,
)
