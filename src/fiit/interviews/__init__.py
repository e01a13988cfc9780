"""An interview as the core describes it, whoever brings it: web capture, an import, the demo.

:class:`InterviewRecord` is what the one writer (:mod:`fiit.db.writer`) stores;
:class:`Consent` is the one mapping of informed consent; :func:`parse_whole_number`
is the one reading of a typed number (``"7"``, ``" 7 "`` and ``"7.0"`` are 7 wherever
they come from). Pure core: no Django, no click.
"""

from fiit.interviews.record import Consent, InterviewRecord
from fiit.interviews.values import parse_whole_number

__all__ = ["Consent", "InterviewRecord", "parse_whole_number"]
