"""Answer-validation messages: kept in the one catalogue, :mod:`fiit.problems.catalogue`."""

from fiit.problems.catalogue import render

__all__ = ["render"]
