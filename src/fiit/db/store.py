"""Putting the core's objects into the database: instruments, countries, frameworks, interviews."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any, Mapping


from fiit.db.models import Country, Framework, Interview, InstrumentVersion, Study
from fiit.frameworks import load_frameworks
from fiit.instruments import Instrument, builtin_instruments, get_instrument
from fiit.vault import KeyFile
from fiit.vocabulary import vocabulary


def store_instrument(instrument: Instrument) -> InstrumentVersion:
    """The stored row for this instrument version, created on first use.

    A released version never changes: storing a different definition under an
    existing id and version is refused.
    """
    definition = json.loads(json.dumps(instrument.raw, default=str))
    checksum = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()
    row, created = InstrumentVersion.objects.get_or_create(
        instrument_id=instrument.id, version=instrument.version,
        defaults={"definition": definition, "checksum": checksum},
    )
    if not created and row.checksum != checksum:
        raise ValueError(
            f"Instrument {instrument.key} is already stored with different content; "
            "a changed instrument needs a new version number."
        )
    return row


def sync_instruments() -> dict[str, InstrumentVersion]:
    return {iid: store_instrument(inst) for iid, inst in builtin_instruments().items()}


def sync_frameworks() -> dict[str, Country]:
    """The study vocabulary's countries, and the frameworks of those that have one, from the core's data files."""
    countries = {}
    frameworks = load_frameworks()
    for position, study_country in enumerate(vocabulary().countries):
        code = study_country.code
        country, _ = Country.objects.update_or_create(
            code=code, defaults={"names": dict(study_country.name), "position": position}
        )
        if code in frameworks:
            Framework.objects.update_or_create(country=country, defaults={"data": frameworks[code].to_dict()})
        countries[code] = country
    return countries


def create_interview(
    *,
    study: Study,
    instrument: Instrument,
    country: str,
    language: str,
    respondent_code: str,
    interview_date: dt.date,
    answers: Mapping[str, Any],
    keyfile: KeyFile,
    interviewer=None,
    status: str = "draft",
    source: str = "web",
    synthetic: bool = False,
    external_id: str | None = None,
    consent: Mapping[str, Any] | None = None,
    actor: str = "system",
    uid: uuid.UUID | None = None,
) -> Interview:
    """Create one interview with its data key and answers, through the one writer (:mod:`fiit.db.writer`).

    ``interviewer`` and ``consent['recorded_by_user']`` are users; ``uid`` is given when a
    device made the interview offline (its own id, so a retried sync finds it).
    """
    from fiit.db.writer import write_interviews
    from fiit.interviews import Consent, InterviewRecord

    consent = dict(consent or {})
    by = consent.pop("recorded_by_user", None)
    consent["recorded_by"] = by.get_username() if by is not None else None
    record = InterviewRecord(
        instrument=instrument, country=country, language=language, respondent_code=respondent_code,
        interview_date=interview_date, answers=answers, consent=Consent.from_mapping(consent), status=status,
        source=source, synthetic=synthetic, external_id=external_id,
        interviewer=interviewer.get_username() if interviewer is not None else None, uid=uid,
    )
    [pk] = write_interviews([record], study=study, keyfile=keyfile, actor=actor)
    return Interview.objects.get(pk=pk)


def instrument_of(interview: Interview) -> Instrument:
    """The instrument an interview was taken with (its stored version; read once per process)."""
    current = get_instrument(interview.instrument.instrument_id)
    if current.version == interview.instrument.version:
        return current
    row = interview.instrument
    return _stored_instrument(row.instrument_id, row.version, row.checksum, row)


_STORED: dict[tuple[str, str, str], Instrument] = {}


def _stored_instrument(instrument_id: str, version: str, checksum: str, row: InstrumentVersion) -> Instrument:
    """An earlier version as the database stored it (a released version never changes, so its checksum
    names its content: the loaded instrument is kept by id, version and checksum)."""
    key = (instrument_id, version, checksum)
    if key not in _STORED:
        from fiit.instruments import load_instrument_data

        result = load_instrument_data(row.definition, row.key)
        if result.instrument is None:
            raise ValueError(f"The stored instrument {row.key} no longer loads.")
        _STORED[key] = result.instrument
    return _STORED[key]
