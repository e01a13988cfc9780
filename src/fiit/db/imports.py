"""Storing imported KoboToolbox / ODK submissions: the database side of ``fiit import``.

The interop core reads and validates the file; this module stores the valid
submissions in batches. Each interview is sealed exactly as web capture seals
it (:func:`fiit.db.store.create_interview`): its own data key, wrapped under the
key file's current key and a fresh key share (:func:`fiit.db.answers.issue_data_key`),
and every open answer and identifying field sealed with AES-256-GCM bound to the
interview, the question and the instrument version. What differs is only the
bookkeeping, done once per batch instead of once per interview so 100,000 rows
import in minutes: interviews and answers are inserted in bulk inside one
transaction per batch, and one audit entry per batch lists the interview ids.
If a batch fails, its rows are stored one by one, each all or nothing.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connections, transaction

from fiit.db.answers import answer_rows, issue_data_key
from fiit.db.audit import record
from fiit.db.models import Answer, Country, Interview, InstrumentVersion, Study
from fiit.db.store import store_instrument, sync_frameworks
from fiit.frameworks import COUNTRY_CODES
from fiit.instruments import Instrument
from fiit.interop.errors import InteropError
from fiit.interop.filecheck import check_file
from fiit.interop.importing import ImportReport, Progress, import_file
from fiit.interop.rows import Submission
from fiit.vault import KeyFile
from fiit.vault.shares import share_store_for

DEFAULT_STUDY = "FIIT study"


class StudyChoiceError(InteropError):
    """Which study to import into (or export from) is not clear."""


def choose_study(name: str | None, *, create: bool, save: bool = True) -> tuple[Study, bool]:
    """The named study, or the only real (non-synthetic) one.

    With ``create``, a missing study is made (the named one, or the default
    "FIIT study" when there is none at all); ``save=False`` makes it without
    storing it, for a dry run.
    """
    def new(study_name: str) -> tuple[Study, bool]:
        study = Study(name=study_name, synthetic=False)
        if save:
            study.save()
        return study, True

    if name:
        study = Study.objects.filter(name=name).first()
        if study is not None:
            return study, False
        if not create:
            raise StudyChoiceError(f"There is no study '{name}'.")
        return new(name)
    real = list(Study.objects.filter(synthetic=False).order_by("created_at")[:2])
    if len(real) == 1:
        return real[0], False
    if len(real) > 1:
        names = ", ".join(Study.objects.filter(synthetic=False).values_list("name", flat=True))
        raise StudyChoiceError(f"There are several studies ({names}); name one with --study.")
    if not create:
        raise StudyChoiceError("There is no study yet; name one with --study.")
    return new(DEFAULT_STUDY)


def insert_interviews(interviews: list[Interview]) -> None:
    """Insert new interviews and set their primary keys.

    Each value goes through its model field exactly as ``save()`` would
    (``pre_save`` then ``get_db_prep_save``); only the per-object statement
    building of ``bulk_create`` is skipped. The keys are read back by
    submission id, which is unique.
    """
    meta = Interview._meta
    db = connections[Interview.objects.db]  # the wrapper itself, not the thread-local proxy
    ops = db.ops
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    sql = (f"INSERT INTO {ops.quote_name(meta.db_table)} ({', '.join(ops.quote_name(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    params = [tuple(f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields) for obj in interviews]
    with db.cursor() as cursor:
        cursor.executemany(sql, params)
    by_external_id = {obj.external_id: obj for obj in interviews}
    for external_id, pk in Interview.objects.filter(external_id__in=list(by_external_id)).values_list("external_id", "pk"):
        obj = by_external_id[external_id]
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = db.alias


def insert_answers(rows: list[tuple[int, str, Any, bytes | None]]) -> None:
    """Insert answer rows (interview pk, question id, value, sealed) in one statement per batch.

    Values go through the model fields' own conversion (JSON for ``value``,
    binary for ``sealed``), so what lands in the table is what ``bulk_create``
    would write, on SQLite and PostgreSQL alike, without building a model
    object per answer.
    """
    meta = Answer._meta
    db = connections[Answer.objects.db]
    ops = db.ops
    value_field, sealed_field = meta.get_field("value"), meta.get_field("sealed")
    columns = (meta.get_field("interview").column, meta.get_field("question_id").column,
               value_field.column, sealed_field.column)
    sql = (f"INSERT INTO {ops.quote_name(meta.db_table)} ({', '.join(ops.quote_name(c) for c in columns)}) "
           "VALUES (%s, %s, %s, %s)")
    # What JSONField.get_db_prep_value and BinaryField.get_db_prep_value do, bound once per batch.
    adapt_json, encoder, binary = ops.adapt_json_value, value_field.encoder, db.Database.Binary
    params = [
        (interview_id, question_id,
         None if value is None else adapt_json(value, encoder),
         None if sealed is None else binary(sealed))
        for interview_id, question_id, value, sealed in rows
    ]
    with db.cursor() as cursor:
        cursor.executemany(sql, params)


class DatabaseStore:
    """Where ``fiit import`` puts valid submissions (the core's SubmissionStore)."""

    def __init__(self, *, study: Study, instrument: Instrument, keyfile: KeyFile, source: str,
                 actor: str = "cli", synthetic: bool = False, file_sha256: str = ""):
        self.study = study
        self.instrument = instrument
        self.keyfile = keyfile
        self.source = source
        self.actor = actor
        self.synthetic = synthetic
        self.file_sha256 = file_sha256
        self.shares = share_store_for(keyfile.path)
        self._version: InstrumentVersion | None = None
        self._questions = tuple(instrument.questions())

    @property
    def version(self) -> InstrumentVersion:
        if self._version is None:
            self._version = store_instrument(self.instrument)
        return self._version

    def existing(self, external_ids: list[str]) -> set[str]:
        return set(Interview.objects.filter(external_id__in=external_ids).values_list("external_id", flat=True))

    def _interview(self, s: Submission, uid: uuid.UUID) -> Interview:
        consent = s.consent
        return Interview(
            uid=uid, study=self.study, instrument=self.version, country_id=s.country, language=s.language,
            respondent_code=s.respondent_code, interview_date=s.interview_date, status="final",
            source=self.source, synthetic=self.synthetic, external_id=s.external_id,
            consent_text_version=consent.get("text_version", ""),
            consent_research_use=bool(consent.get("research_use")),
            consent_quotes=bool(consent.get("quotes")),
            consent_follow_up=bool(consent.get("follow_up")),
            consent_recorded_at=consent.get("recorded_at"),
        )

    def _store(self, submissions: list[Submission]) -> None:
        uids = [uuid.uuid4() for _ in submissions]
        shares = self.shares.create_many([str(u) for u in uids])
        try:
            with transaction.atomic():
                keyed = []
                for s, uid in zip(submissions, uids):
                    interview = self._interview(s, uid)
                    keyed.append((interview, issue_data_key(interview, self.keyfile, share=shares[str(uid)])))
                insert_interviews([interview for interview, _ in keyed])
                answers = []
                for (interview, data_key), s in zip(keyed, submissions):
                    answers.extend((interview.pk, *row)
                                   for row in answer_rows(str(interview.uid), self.instrument, s.answers, data_key,
                                                          self._questions))
                insert_answers(answers)
                ids = [interview.pk for interview, _ in keyed]
                record("import", actor=self.actor, record_type="interview", record_id=ids[0],
                       details={"source": self.source, "instrument": self.instrument.key, "interviews": ids,
                                "file_sha256": self.file_sha256},
                       keyfile=self.keyfile)
        except BaseException:
            for uid in uids:
                self.shares.destroy(str(uid))
            raise

    def write(self, submissions: list[Submission]) -> list[tuple[Submission, str]]:
        try:
            self._store(submissions)
            return []
        except IntegrityError:
            pass
        failures = []
        for s in submissions:
            try:
                self._store([s])
            except IntegrityError as exc:
                failures.append((s, _integrity_reason(exc)))
        return failures


def _integrity_reason(exc: IntegrityError) -> str:
    text = str(exc)
    if "external_id" in text or "respondent_code" in text:
        return ("the database already holds an interview with its submission id or respondent code "
                "(was the same file imported twice at the same time?).")
    detail = text.strip().splitlines()[0] if text.strip() else exc.__class__.__name__
    return f"the database refused it ({detail})."


def known_countries() -> frozenset[str]:
    return frozenset(Country.objects.values_list("code", flat=True))


def run_import(
    path: str | Path,
    instrument: Instrument,
    source: str,
    *,
    keyfile: KeyFile,
    study: Study,
    country: str | None = None,
    language: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    actor: str = "cli",
    synthetic: bool = False,
) -> ImportReport:
    """Import an export file into ``study``; audited unless it is a dry run."""
    if study.synthetic and not synthetic:
        raise StudyChoiceError(
            f"Study '{study.name}' holds synthetic demo data; import real submissions into a separate study (--study)."
        )
    if dry_run:
        countries = known_countries() | frozenset(COUNTRY_CODES)
    else:
        sync_frameworks()  # the country rows imported interviews refer to
        countries = known_countries()
    checked = check_file(path)
    # The file's hash goes into each batch's audit entry: it ties the interviews to the file without naming it.
    store = DatabaseStore(study=study, instrument=instrument, keyfile=keyfile, source=source,
                          actor=actor, synthetic=synthetic, file_sha256=checked.sha256)
    report = import_file(checked, instrument, source, store, known_countries=countries, country=country,
                         language=language, dry_run=dry_run, progress=progress)
    if not dry_run:
        record("import", actor=actor, record_type="study", record_id=study.pk,
               details={"source": source, "instrument": instrument.key, "file_sha256": report.file_sha256,
                        "rows": report.rows, "imported": report.imported, "duplicates": report.duplicates,
                        "rejected_rows": report.rejected_rows},
               keyfile=keyfile)
    return report
