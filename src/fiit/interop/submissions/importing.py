"""Importing a KoboToolbox or ODK Central export: check, read, validate, store in batches.

The core does not know the database. It hands batches of valid submissions to
a :class:`SubmissionStore` (the database shell implements it; tests use a list)
which says which submission ids it already holds and stores the new ones. The
result is an :class:`ImportReport`: how many rows were imported, how many were
already there, and every rejected row with its column and reason. Only a file
that cannot be read at all raises (:class:`~fiit.interop.errors.FileRefused`).
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

from fiit.instruments import Instrument
from fiit.interop.forms import names
from fiit.interop.submissions import background, reading
from fiit.interop.submissions.columns import ODK, SOURCES
from fiit.interop.submissions.instances import ENCRYPTED
from fiit.interop.errors import InteropError
from fiit.interop.submissions.filecheck import CheckedFile, check_file
from fiit.interop.submissions.reading import ReadPlan
from fiit.interop.submissions.rows import AlreadyStored, HeldBack, Rejection, Submission
from fiit.vault.sealing import InterviewSealer

BATCH_SIZE = 500
MAX_LISTED_REJECTIONS = 10_000

Progress = Callable[[int, "int | None"], None]


class SubmissionStore(Protocol):
    def stored_ids(self) -> frozenset[str]:
        """The submission ids stored now (read once, when an import begins)."""

    def preparer(self) -> Callable[[Submission], Submission] | None:
        """What to do to each valid row as it is read, before it reaches :meth:`write` (it must pickle); or None."""

    def existing(self, external_ids: list[str]) -> set[str]:
        """The ids among these that are already stored."""

    def withdrawn(self, external_ids: list[str]) -> set[str]:
        """The ids among these whose respondent withdrew after an earlier import: never stored again."""

    def write(self, submissions: list[Submission]) -> list[tuple[Submission, str]]:
        """Store the submissions, each all or nothing; return the ones that failed, with why."""


class ImportInterrupted(InteropError):
    """The import was stopped (Ctrl-C) part-way; ``report`` says what was stored before."""

    def __init__(self, report: "ImportReport"):
        self.report = report
        super().__init__(
            f"The import was interrupted after {report.rows} row(s) had been read: {report.imported} were "
            f"imported and stay stored. Import the same file again to add the rest; nothing is imported twice."
        )


@dataclass(frozen=True)
class SealAnswers:
    """Seals a submission's answers for storage as it is read; its answers in clear are then dropped.

    Runs where the rows are read, in the reader process when there is one
    (:mod:`fiit.interop.submissions.background`), so open answers never cross to the
    storing process in clear.
    """

    sealer: InterviewSealer
    # Sealers of the other versions a row may be read with, by version (the seal is bound to the version).
    others: dict[str, InterviewSealer] = field(default_factory=dict)

    def __call__(self, submission: Submission) -> Submission:
        sealer = self.others.get(submission.version, self.sealer)
        return replace(submission, answers={}, sealed=sealer.seal(submission.answers))


@dataclass
class ImportReport:
    source: str
    instrument: str
    file_sha256: str = ""
    rows: int = 0
    imported: int = 0
    duplicates: int = 0
    withdrawn: int = 0
    flagged: int = 0  # imported although flagged in review ("On Hold", "hasIssues")
    held_back: int = 0  # flagged in review and held back, as asked
    rejected: list[Rejection] = field(default_factory=list)
    rejected_rows: int = 0
    not_listed: int = 0
    warnings: list[dict[str, str]] = field(default_factory=list)
    dry_run: bool = False
    versions: dict[str, int] = field(default_factory=dict)  # instrument version -> rows imported with it

    def reject(self, rejections: list[Rejection]) -> None:
        self.rejected_rows += 1
        room = MAX_LISTED_REJECTIONS - len(self.rejected)
        self.rejected.extend(rejections[:max(room, 0)])
        self.not_listed += max(len(rejections) - max(room, 0), 0)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "withdrawn": self.withdrawn,
            "flagged": self.flagged,
            "held_back": self.held_back,
            "rejected": [r.to_dict() for r in self.rejected],
            "rejected_rows": self.rejected_rows,
            "rows": self.rows,
            "warnings": self.warnings,
            "dry_run": self.dry_run,
            "versions": dict(sorted(self.versions.items())),
        }
        if self.not_listed:
            out["rejections_not_listed"] = self.not_listed
        return out

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        lines = [
            f"{self.rows} row(s) read: {verb} {self.imported}, {self.duplicates} already imported (skipped), "
            f"{self.rejected_rows} rejected"
        ]
        if self.withdrawn:
            lines.append(f"  {self.withdrawn} row(s) not imported again: the respondent withdrew after an earlier import")
        if self.flagged:
            lines.append(f"  {self.flagged} imported row(s) were flagged for a second look in review (On Hold / hasIssues)")
        if self.held_back:
            lines.append(f"  {self.held_back} row(s) flagged in review (On Hold / hasIssues) were held back, as asked")
        for rejection in self.rejected:
            column = f", column {rejection.column}" if rejection.column else ""
            lines.append(f"  rejected: row {rejection.row}{column}: {rejection.reason}")
        if self.not_listed:
            lines.append(f"  ... and {self.not_listed} more reason(s) not listed")
        if len(self.versions) > 1 or any(v != self.instrument.rsplit("@", 1)[-1] for v in self.versions):
            told = ", ".join(f"{count} with version {version}" for version, count in sorted(self.versions.items()))
            lines.append(f"  {verb} by the form version each row was answered with: {told}")
        for warning in self.warnings:
            lines.append(f"  warning: {warning['message']}")
        return "\n".join(lines)


def import_file(
    path: str | Path | CheckedFile,
    instrument: Instrument,
    source: str,
    store: SubmissionStore,
    *,
    known_countries: frozenset[str],
    country: str | None = None,
    language: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    read_beside: bool | None = None,
    hold_flagged: bool = False,
    form_key: Any = None,
    forms: Sequence[Instrument] | None = None,
) -> ImportReport:
    """Import one export file; every valid row is stored once, every other row reported.

    ``forms``: the versions of the instrument a row may have been answered with, oldest first, ``instrument``
    last (:func:`fiit.interop.submissions.versions.released_forms`); each row is read, checked and stored with
    its own (:mod:`fiit.interop.submissions.versions`). None: every row with ``instrument`` (``--form-version``).

    ``read_beside`` reads the file in a second process while this one stores
    (:mod:`fiit.interop.submissions.background`); by default only when the file is large
    enough for that to pay off. The result is the same either way.
    """
    if source not in SOURCES:
        raise InteropError(f"Unknown source '{source}'; fiit imports from {' and '.join(SOURCES)}.")
    if country is not None and country not in known_countries:
        raise InteropError(code="country_not_in_study", country=country, countries=", ".join(sorted(known_countries)))
    checked = path if isinstance(path, CheckedFile) else check_file(path, form_id=form_id(instrument))
    report = ImportReport(source=source, instrument=instrument.key, file_sha256=checked.sha256, dry_run=dry_run)
    report.warnings.extend(file_warnings(checked))
    plan = ReadPlan(checked=checked, instrument=instrument, source=source, known_countries=known_countries,
                    country=country, language=language, known=store.stored_ids(),
                    prepare=None if dry_run else store.preparer(), hold_flagged=hold_flagged,
                    form_key=form_key, forms=tuple(forms) if forms and len(forms) > 1 else ())
    if checked.kind == ENCRYPTED and source != ODK:
        raise InteropError("Encrypted ODK submissions are imported as ODK Central exports ('odk').")
    if read_beside is None or form_key is not None:
        read_beside = background.worth_a_process(plan) if read_beside is None else read_beside and form_key is None
    messages = background.read_chunks_beside(plan) if read_beside else reading.read_chunks(plan)
    try:
        with closing(messages), reading.collecting_less():
            _import_rows(messages, instrument, store, report, progress, batch_size)
    except KeyboardInterrupt:
        raise ImportInterrupted(report) from None
    return report


def form_id(instrument: Instrument) -> str:
    """The form id of the instrument's XLSForm: it names the main table in a zip download."""
    return names.xml_name(instrument.id)


def file_warnings(checked: CheckedFile) -> list[dict[str, str]]:
    """What the import should say about the file as a whole."""
    warnings = []
    if checked.member:
        warnings.append({"column": "", "message": f"Read the table {checked.member} from the archive "
                                                  f"{checked.path.name}; its other files were not read."})
    if checked.formulas:
        cells = ", ".join(checked.formula_cells)
        more = f" and {checked.formulas - len(checked.formula_cells)} more" if checked.formulas > len(checked.formula_cells) else ""
        warnings.append({"column": "", "message": (
            f"{checked.formulas} cell(s) of the workbook are stored as formulas ({cells}{more}): KoboToolbox does that "
            "with an answer that begins with '='. They were read as the text typed, starting with '=', never "
            "calculated; check those answers.")})
    return warnings


def _import_rows(messages, instrument: Instrument, store: SubmissionStore, report: ImportReport,
                 progress: Progress | None, batch_size: int) -> None:
    seen: set[str] = set()
    versions: set[str] = set()
    zones: dict[str, int] = {}
    batch: list[Submission] = []
    total = None
    for kind, payload in messages:
        if kind == reading.HEADER:
            warnings, total = payload
            report.warnings.extend(warnings)
            continue
        if kind == reading.NOTES:
            report.warnings.extend(payload)
            continue
        for result in payload:
            report.rows += 1
            if isinstance(result, list):
                report.reject(result)
            elif isinstance(result, AlreadyStored):
                report.duplicates += 1
            elif isinstance(result, HeldBack):
                report.held_back += 1
                report.warnings.append({"column": "", "message": f"Row {result.row} is marked '{result.state}' in "
                                        "review; it was held back, as asked, and can be imported later."})
            elif result.external_id in seen:
                report.duplicates += 1
            else:
                seen.add(result.external_id)
                if result.form_version and result.form_version != (result.version or instrument.version):
                    versions.add((result.form_version, result.version or instrument.version))
                if result.flagged:
                    report.flagged += 1
                    report.warnings.append({"column": "", "message": f"Row {result.row} is marked "
                                            f"'{result.flagged}' in review; it was imported: check it."})
                if result.read_in_zone:
                    zones[result.read_in_zone] = zones.get(result.read_in_zone, 0) + 1
                batch.append(result)
            if len(batch) >= batch_size:
                _flush(batch, store, report)
                batch = []
        if progress is not None:
            progress(report.rows, total)
    _flush(batch, store, report)
    if progress is not None:
        progress(report.rows, total)
    if zones:
        where = ", ".join(f"{count} in {zone}" for zone, count in sorted(zones.items()))
        report.warnings.append({
            "column": "start",
            "message": f"{sum(zones.values())} interview start time(s) had no UTC offset (KoboToolbox's XLSX export "
                       f"drops it): they were read as the local time of the interview's country ({where}) and "
                       "stored in UTC.",
        })
    for told, used in sorted(versions)[:10]:
        report.warnings.append({
            "column": "FormVersion",
            "message": f"Some rows were collected with form version {told}; they were checked against "
                       f"instrument version {used}.",
        })


def _flush(batch: list[Submission], store: SubmissionStore, report: ImportReport) -> None:
    if not batch:
        return
    ids = [s.external_id for s in batch]
    existing = store.existing(ids)
    withdrawn = store.withdrawn([i for i in ids if i not in existing])
    new = [s for s in batch if s.external_id not in existing and s.external_id not in withdrawn]
    report.withdrawn += len(withdrawn)
    report.duplicates += len(batch) - len(new) - len(withdrawn)
    if report.dry_run or not new:
        report.imported += len(new)
        for s in new:
            report.versions[s.version] = report.versions.get(s.version, 0) + 1
        return
    failures = store.write(new)
    report.imported += len(new) - len(failures)
    failed = {id(s) for s, _reason in failures}
    for s in new:
        if id(s) not in failed:
            report.versions[s.version] = report.versions.get(s.version, 0) + 1
    # Another import may have stored the same submissions between the check above and this write (two imports
    # of one file at once): those are duplicates, already present, not rejected rows (issue 14, L5).
    raced = store.existing([s.external_id for s, _reason in failures]) if failures else set()
    for submission, reason in failures:
        if submission.external_id in raced:
            report.duplicates += 1
        else:
            report.reject([Rejection(submission.row, "", f"The row could not be stored: {reason}")])
