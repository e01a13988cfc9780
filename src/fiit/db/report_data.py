"""What a report reads from the database, as plain inputs for :mod:`fiit.reports`.

* One frame per instrument: final interviews only, clear answers only (sealed
  answers are not even fetched; see :mod:`fiit.db.tables`), the interview's
  country, and an opaque running number — no respondent code, no interview id.
* Quotes: an open answer is opened only when the interview's respondent
  consented to quotes AND a country lead approved that answer
  (:class:`~fiit.db.models.QuoteApproval`), never an identifying field, and only
  with the key file.
* Published recommendations, and the country frameworks as stored.
"""

from __future__ import annotations

import pandas as pd

from fiit.db.errors import NoStudy  # noqa: F401  (raised by select_study; importable here too)
from fiit.db.studies import select_study
from fiit.db.answers import KeyDestroyed, data_key_for
from fiit.db.models import Answer, Framework, Interview, QuoteApproval, Recommendation, Study
from fiit.db import columns
from fiit.frameworks import framework_from_dict, load_frameworks
from fiit.instruments import get_instrument
from fiit.reports.builder import FieldworkRow, QuoteInput, RecommendationInput, ReportInputs
from fiit.vault import open_field

INSTRUMENTS = ("policymaker", "service_provider", "victim")


def choose_study(name: str | None = None) -> Study:
    """The study to report on, by the one rule (:func:`fiit.db.studies.select_study`)."""
    return select_study(name)


def instrument_frame(study: Study, instrument_id: str) -> pd.DataFrame:
    """Final interviews of one instrument: country plus every non-sensitive question as a column
    (read as columns, two queries: :mod:`fiit.db.columns`)."""
    return columns.instrument_frame(study, get_instrument(instrument_id))


def instrument_frames(study: Study) -> dict[str, pd.DataFrame]:
    frames = {iid: instrument_frame(study, iid) for iid in INSTRUMENTS}
    with_interview_facts(study, "victim", frames["victim"])
    return frames


def with_interview_facts(study: Study, instrument_id: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Add the columns the status chapter needs besides the answers (fiit.reports.status): the
    instrument version each interview was taken with (what it asked) and the year it was held
    (for the time since identification). Same rows and order as :func:`fiit.db.columns.instrument_frame`."""
    from fiit.reports.status import INTERVIEW_YEAR, INSTRUMENT_VERSION

    rows = list(Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument_id)
                .order_by("pk").values_list("instrument__version", "interview_date"))
    if len(rows) == len(frame):
        frame[INSTRUMENT_VERSION] = pd.Series([v for v, _ in rows], dtype=object)
        frame[INTERVIEW_YEAR] = pd.Series([d.year for _, d in rows], dtype="Int64")
    return frame


def stored_frameworks() -> dict:
    """The frameworks in the database (as edited there), else the shipped ones."""
    rows = list(Framework.objects.select_related("country").order_by("country__position"))
    if not rows:
        return load_frameworks()
    return {row.country_id: framework_from_dict(row.data) for row in rows}


def approved_quotes(study: Study, keyfile) -> list[QuoteInput]:
    """Approved answers of consenting respondents in final interviews (none without a key file)."""
    if keyfile is None:
        return []
    approvals = (QuoteApproval.objects
                 .filter(interview__study=study, interview__status="final", interview__consent_quotes=True)
                 .select_related("interview", "interview__instrument").order_by("interview__country", "pk"))
    out = []
    for approval in approvals:
        interview = approval.interview
        question = get_instrument(interview.instrument.instrument_id).question(approval.question_id)
        if not question.is_open_text or question.identifying:
            continue  # only open answers, never a name or another identifying field
        answer = Answer.objects.filter(interview=interview, question_id=approval.question_id,
                                       sealed__isnull=False).first()
        if answer is None:
            continue
        try:
            text = open_field(data_key_for(interview, keyfile), bytes(answer.sealed),
                              interview_id=str(interview.uid), question_id=approval.question_id,
                              instrument_version=interview.instrument.key)
        except KeyDestroyed:
            continue  # the respondent withdrew
        out.append(QuoteInput(text, approval.theme, interview.instrument.instrument_id, interview.country_id))
    from fiit.db.frozen_quotes import frozen_quotes  # quotes frozen from coded passages: their approved text

    for quote, text in frozen_quotes(study, keyfile):
        out.append(QuoteInput(text, quote.theme, quote.interview.instrument.instrument_id, quote.interview.country_id))
    return out


def published_recommendations(study: Study) -> list[RecommendationInput]:
    return [RecommendationInput(r.theme, dict(r.text), r.country_id, list(r.evidence or []))
            for r in Recommendation.objects.filter(study=study, published=True).order_by("pk")]


def fieldwork(study: Study) -> list[FieldworkRow]:
    """Final interviews per country, instrument version and language, with their first and last dates."""
    from django.db.models import Count, Max, Min

    rows = (study.interviews.filter(status="final")
            .values("country_id", "instrument__instrument_id", "instrument__version", "language")
            .annotate(first=Min("interview_date"), last=Max("interview_date"), n=Count("id"))
            .order_by("country_id", "instrument__instrument_id", "instrument__version", "language"))
    return [FieldworkRow(r["country_id"], r["instrument__instrument_id"], r["instrument__version"], r["language"],
                         r["first"].isoformat(), r["last"].isoformat(), r["n"]) for r in rows]


def published_findings_source(study: Study, keyfile=None):
    """The study's published findings (:func:`fiit.db.findings.published_findings`: sealed, so none
    without the key file) as a callable (lang, k) -> findings, all countries' and the comparative ones."""
    if keyfile is None:
        return ()
    from fiit.analysis import DEFAULT_K, PUBLIC_K
    from fiit.db.findings import published_findings
    from fiit.vocabulary import vocabulary

    from fiit.db.coding_models import Finding

    if not Finding.objects.filter(study=study, published=True).exists():
        return ()
    # Read now, in every language and for both thresholds: the report builder never touches the database.
    read = {(lang, k): published_findings(study, None, lang, keyfile, k=k)
            for lang in vocabulary().language_codes for k in (DEFAULT_K, PUBLIC_K)}
    if not any(read.values()):
        return ()
    return lambda lang, k: read.get((lang, k)) or published_findings_fallback(read, lang)


def published_findings_fallback(read: dict, lang: str) -> list:
    """A threshold other than 5 and 10 (a report built with its own k): the stricter public reading."""
    return read.get((lang, max(k for _, k in read)), [])


def report_inputs(study: Study, keyfile=None) -> ReportInputs:
    return ReportInputs(
        frames=instrument_frames(study), frameworks=stored_frameworks(), study_name=study.name,
        synthetic=bool(study.synthetic or study.interviews.filter(synthetic=True).exists()),
        quotes=approved_quotes(study, keyfile), recommendations=published_recommendations(study),
        findings=published_findings_source(study, keyfile), fieldwork=fieldwork(study),
        baseline=bool(study.synthetic))  # the demo shows the FIIT report's 2013 recommendations as its baseline


def build_study_report(study: Study, *, country: str | None = None, lang: str = "en", public: bool = False,
                       k: int | None = None, keyfile=None, inputs: ReportInputs | None = None):
    """The :class:`~fiit.reports.Report` of ``study`` (comparative when ``country`` is None)."""
    from fiit.reports.builder import build_report

    return build_report(inputs or report_inputs(study, keyfile), country=country, lang=lang, public=public, k=k)
