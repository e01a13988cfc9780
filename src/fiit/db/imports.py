"""Storing imported KoboToolbox / ODK submissions: the database side of ``fiit import``.

The interop core reads and validates the file; this module stores the valid
submissions in batches through the one interview writer (:mod:`fiit.db.writer`),
as web capture and the demo do: each interview gets its own data key, wrapped
under the key file's current key and a fresh key share, and every open answer and
identifying field sealed by :func:`fiit.vault.sealing.answer_rows` with
AES-256-GCM bound to the interview, the question and the instrument version.
The sealing is done by :class:`~fiit.vault.sealing.InterviewSealer` as the rows
are read, in a second process for large files, so this one only writes.
What differs from web capture is only the audit: one entry per batch lists
the interview ids.
If a batch fails, its shares are destroyed and its rows stored one by one,
each all or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from django.db import IntegrityError

from fiit.db.audit import record
from fiit.db.bulk import refresh_statistics, sqlite_set_for_import
from fiit.db.answers import withdrawal_mark
from fiit.db.models import Country, Interview, Study, WithdrawnSubmission
from fiit.db.share_sweep import sweep_orphan_shares
from fiit.db.store import sync_frameworks
from fiit.db.writer import Sealers, write_interviews
from fiit.instruments import Instrument
from fiit.interviews import Consent, InterviewRecord
from fiit.interop.errors import InteropError
from fiit.interop.submissions.filecheck import check_file
from fiit.interop.submissions.instances import ENCRYPTED
from fiit.interop.submissions.importing import (
    ImportInterrupted, ImportReport, Progress, SealAnswers, form_id, import_file,
)
from fiit.interop.submissions.rows import Submission
from fiit.vault import KeyFile
from fiit.vault.formkeys import form_keys
from fiit.vocabulary import vocabulary

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

    from fiit.db.errors import NoStudy
    from fiit.db.studies import select_study

    try:  # the one rule (fiit.db.studies), real studies only: an import never goes into the demo study
        return select_study(name, refuse_ambiguous=True, real_only=True), False
    except NoStudy:
        if not create:
            if name:
                raise StudyChoiceError(f"There is no study '{name}'.") from None
            raise StudyChoiceError(code="no_study") from None
    return new(name or DEFAULT_STUDY)


class DatabaseStore:
    """Where ``fiit import`` puts valid submissions (the core's SubmissionStore): the one interview writer."""

    def __init__(self, *, study: Study, instrument: Instrument, keyfile: KeyFile, source: str,
                 actor: str = "cli", synthetic: bool = False, file_sha256: str = "",
                 forms: Sequence[Instrument] = ()):
        self.study = study
        self.instrument = instrument
        # The other versions a row may be read (and is stored) with, by version.
        self.forms = {f.version: f for f in forms if f.version != instrument.version}
        self.keyfile = keyfile
        self.source = source
        self.actor = actor
        self.synthetic = synthetic
        self.file_sha256 = file_sha256
        self.sealers = Sealers(keyfile)
        self.sealer = self.sealers.for_(instrument)

    def stored_ids(self) -> frozenset[str]:
        return frozenset(Interview.objects.filter(external_id__gt="").values_list("external_id", flat=True))

    def preparer(self) -> SealAnswers:
        """Seal each new row's answers as it is read (in the reader process, for a large file)."""
        return SealAnswers(self.sealer, {v: self.sealers.for_(f) for v, f in self.forms.items()})

    def existing(self, external_ids: list[str]) -> set[str]:
        return set(Interview.objects.filter(external_id__in=external_ids).values_list("external_id", flat=True))

    def withdrawn(self, external_ids: list[str]) -> set[str]:
        marks = {withdrawal_mark(i): i for i in external_ids}
        found = WithdrawnSubmission.objects.filter(mark__in=list(marks)).values_list("mark", flat=True)
        return {marks[m] for m in found}

    def _record(self, s: Submission) -> InterviewRecord:
        """The interview a submission becomes (its answers travel sealed, in ``s.sealed``, when read beside)."""
        return InterviewRecord(
            instrument=self.forms.get(s.version, self.instrument), country=s.country, language=s.language, respondent_code=s.respondent_code,
            interview_date=s.interview_date, answers=s.answers, consent=Consent.from_mapping(s.consent),
            status="final", source=self.source, synthetic=self.synthetic, external_id=s.external_id,
        )

    def _store(self, submissions: list[Submission]) -> None:
        def audit(ids: list[int]) -> None:  # one entry per batch, listing the interviews
            record("import", actor=self.actor, record_type="interview", record_id=ids[0],
                   details={"source": self.source, "instrument": _instruments(submissions, self), "interviews": ids,
                            "file_sha256": self.file_sha256},
                   keyfile=self.keyfile)

        write_interviews([self._record(s) for s in submissions], study=self.study, keyfile=self.keyfile,
                         actor=self.actor, sealed=[s.sealed for s in submissions], audit=audit, sealers=self.sealers)

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


def _instruments(submissions: list[Submission], store: DatabaseStore) -> str:
    """The instrument versions of a batch, for its audit entry ("victim@1.1.0", or several joined by ", ")."""
    keys = {store.forms.get(s.version, store.instrument).key for s in submissions}
    return ", ".join(sorted(keys))


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
    read_beside: bool | None = None,
    hold_flagged: bool = False,
    forms: Sequence[Instrument] | None = None,
) -> ImportReport:
    """Import an export file into ``study``; audited unless it is a dry run.

    ``read_beside``: read (and seal) in a second process; by default when the file is large.
    ``forms``: the versions a row may be read and stored with (each row its own; see
    :mod:`fiit.interop.submissions.versions`); None: every row as ``instrument``.
    """
    if study.synthetic and not synthetic:
        raise StudyChoiceError(code="study_is_synthetic", study=study.name)
    keyfile.check_may_seal(synthetic=synthetic)
    if dry_run:
        countries = known_countries() | frozenset(vocabulary().country_codes)
    else:
        sync_frameworks()  # the country rows imported interviews refer to
        countries = known_countries()
        sweep_orphan_shares(keyfile)  # left by an import that was killed (issue 14, L4)
    checked = check_file(path, form_id=form_id(instrument))
    form_key = None
    if checked.kind == ENCRYPTED:
        # Encrypted ODK submissions open with the form's private key, kept beside the key file.
        stored_key = form_keys(keyfile).form_key(keyfile, form_id(instrument))
        form_key = stored_key.private_key if stored_key else None
    # The file's hash goes into each batch's audit entry: it ties the interviews to the file without naming it.
    store = DatabaseStore(study=study, instrument=instrument, keyfile=keyfile, source=source,
                          actor=actor, synthetic=synthetic, file_sha256=checked.sha256, forms=forms or ())
    interrupted = None
    with sqlite_set_for_import():
        try:
            report = import_file(checked, instrument, source, store, known_countries=countries, country=country,
                                 language=language, dry_run=dry_run, progress=progress,
                                 read_beside=read_beside, hold_flagged=hold_flagged, form_key=form_key,
                                 forms=forms)
        except ImportInterrupted as exc:
            report, interrupted = exc.report, exc
    if not dry_run:
        details = {"source": source, "instrument": instrument.key, "file_sha256": report.file_sha256,
                   "rows": report.rows, "imported": report.imported, "duplicates": report.duplicates,
                   "withdrawn": report.withdrawn, "rejected_rows": report.rejected_rows}
        if interrupted is not None:
            details["interrupted"] = True
        record("import", actor=actor, record_type="study", record_id=study.pk, details=details, keyfile=keyfile)
        refresh_statistics(report.imported)
    if interrupted is not None:
        raise interrupted
    return report
