"""Problems: one type for everything wrong in data or in a request, one catalogue of messages, one error root.

- :class:`Problem` (a code, where, parameters) and :class:`Report` (``valid``, errors,
  warnings): data problems are returned as values.
- :mod:`fiit.problems.catalogue`: every coded message in the five interface languages,
  rendered when the problem is shown (pyxform's error catalogue is the model).
- :class:`FiitError`: the root of every failure a user can act on; it carries its
  problems. The CLI and the web each render it once (one line / a page or one JSON shape).
"""

from fiit.problems.catalogue import render
from fiit.problems.errors import FiitError
from fiit.problems.problem import Problem, Report

__all__ = ["FiitError", "Problem", "Report", "render"]
