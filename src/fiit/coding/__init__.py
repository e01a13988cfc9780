"""Qualitative analysis of the open answers: codebook, codings, agreement, suggestions, findings, quotes,
and exchange with QDA tools through REFI-QDA.

A pure core: no Django, no click. The database shell (:mod:`fiit.db.coding`) stores what these modules
describe, sealed where it holds answer text; the web workbench and the CLI call into both.

Units. Agreement is computed on a *unit* the team chooses: the answer (one interview's answer to one
question: did the coder apply code X anywhere in it?) or the passage (overlapping selections of the
coders within one answer, :func:`fiit.coding.agreement.passage_units`).
"""

from fiit.coding.codebook import Code, Codebook, default_codebook, load_codebook
from fiit.coding.codings import Coding

__all__ = ["Code", "Codebook", "Coding", "default_codebook", "load_codebook"]
