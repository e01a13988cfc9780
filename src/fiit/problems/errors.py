"""The root of every failure of fiit that a user can act on.

Every expected error class of the core hangs under :class:`FiitError`, which
carries its problems (usually one). The shells catch this one class: the CLI
prints the first problem on one line and exits 1, the web shows it in the
user's language (a page, or the one JSON error shape). Anything else is a bug
and is shown as unexpected.

Raise with a catalogue code and parameters, so the message can be shown in
any language::

    raise UserError(code="country_required", role="country lead")

A plain English sentence (``raise UserError("…")``) still works; it is then
shown in English whatever the reader's language.
"""

from __future__ import annotations

from typing import Any, Iterable

from fiit.problems.problem import Problem


class FiitError(Exception):
    """A failure a user can act on: ``problem`` says what (a code and its parameters);
    ``problems`` carries the data problems behind it (a broken file's list), if any."""

    code = "error"
    # True for a failure of the installation (a broken shipped file, a missing key file): the person at
    # the command line is its operator and sees it, a web user gets the server-error page without internals.
    server_side = False

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 problems: Iterable[Problem] = (), **params: Any) -> None:
        self.problems: list[Problem] = list(problems)
        # The failure itself, as a problem: rendered in the reader's language when its code is catalogued.
        self.problem = Problem(code or self.code, message or "", params=params)
        super().__init__(message or self.problem.message or self.problem.code)

    def message_in(self, lang: str) -> str:
        """The sentence in ``lang`` (English when the catalogue has no such code)."""
        return self.problem.text(lang) or str(self)
