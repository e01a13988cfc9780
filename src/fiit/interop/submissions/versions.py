"""Which version of an instrument each row of an export was answered with.

An interview is stored with the instrument version its form had, so that the
questions that version did not ask count as "not asked", not "unanswered"
(:mod:`fiit.interviews.states`). An import finds that version row by row:

1. **The row says it.** fiit's XLSForm carries the instrument version twice: as
   the form's ``settings`` ``version`` and as a hidden calculate,
   ``fiit_form_version`` (:data:`fiit.interop.forms.names.FORM_VERSION`). The
   calculate is what reaches every export: KoboToolbox replaces the settings'
   version with its own on deployment ("1 (2024-03-01 10:00:00)"; its
   ``__version__`` column is its own version uid, never read here) and ODK
   Briefcase's CSV has no version column. ODK Central's CSV and OData say the
   settings' version in ``FormVersion`` (``__system/formVersion``), and an
   encrypted submission's manifest carries it too: those are read when the row
   has no ``fiit_form_version`` (a form made before fiit added it). A version
   fiit never released (a form edited by hand) is not trusted: rule 2 decides.
2. **Else the columns say it.** A platform writes a column for every field of
   the form, answered or not, so the question columns of an export are those of
   the form it came from. The file's version is the one whose form has a column
   for every question column in the file (the file has none it lacks) and lacks
   the fewest of its own; between versions that fit equally, the newest. A file
   with none of the columns of the questions 1.2.0 added is a 1.1.0 file (1.0.0
   and 1.1.0 ask the same questions: the newer wins). A KoboToolbox export of a
   form deployed in several versions has the columns of all of them: it fits the
   newest, and each row's ``fiit_form_version`` says better where it is there.
3. **Else, and with ``--form-version``,** one version for every row; a row whose
   platform names another version gets a warning (the earlier behaviour).

Pure core: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from fiit.instruments import Instrument
from fiit.interop.errors import FileRefused
from fiit.interop.forms import names
from fiit.interop.forms.layout import DECLINE, QUESTION, form_layout
from fiit.interop.submissions.columns import ColumnMap, map_columns


def answer_columns(columns: ColumnMap) -> set[str]:
    """The form fields holding answers (questions and their "declined" boxes) that a file has a column for."""
    return set(columns.fields) | set(columns.options)


@dataclass(frozen=True)
class FileVersion:
    """The version a file's columns point to, and why (a sentence for the import summary, or "")."""

    instrument: Instrument
    reason: str = ""
    certain: bool = True


def version_by_columns(forms: Sequence[Instrument], header: list[str], source: str) -> FileVersion:
    """Rule 2: the version whose form the file's question columns fit (``forms`` oldest first)."""
    fitted: list[tuple[int, int, Instrument]] = []  # (missing columns, -position, instrument)
    present: set[str] = set()
    own: dict[str, set[str]] = {}
    for instrument in forms:
        layout = form_layout(instrument)
        wanted = {f.name for f in layout.fields() if f.kind in (QUESTION, DECLINE)}
        try:
            found = answer_columns(map_columns(layout, header, source)) & wanted
        except FileRefused:
            found = set()
        own[instrument.version] = wanted
        present |= found
    for position, instrument in enumerate(forms):
        wanted = own[instrument.version]
        if present <= wanted:
            fitted.append((len(wanted - present), -position, instrument))
    newest = forms[-1]
    if not fitted:
        return FileVersion(newest, certain=False, reason=(
            f"The file's columns are not those of any one version of instrument {newest.id} "
            f"({', '.join(f.version for f in forms)}); rows that do not say their form version were read as "
            f"{newest.version}: check them, or import the file naming its form version."))
    _missing, _position, chosen = min(fitted, key=lambda item: (item[0], item[1]))
    if chosen.version == newest.version:
        return FileVersion(chosen)
    chosen_ids = set(chosen.question_ids())
    added = [q for q in newest.question_ids() if q not in chosen_ids]
    shown = ", ".join(added[:4]) + (", …" if len(added) > 4 else "")
    return FileVersion(chosen, reason=(
        f"The file has none of the columns of the questions added after version {chosen.version} of instrument "
        f"{chosen.id} ({shown}): rows that do not say their form version were read as version {chosen.version}, "
        f"and the questions it did not have count as not asked. If that is wrong, import the file naming its form "
        f"version."))


@dataclass
class RowVersions:
    """Rules 1 to 3 for the rows of one file: which instrument version reads each row."""

    forms: dict[str, Instrument]  # version -> instrument; one entry when the version is fixed
    by_columns: Instrument
    fixed: bool
    own_column: int | None = None  # fiit_form_version
    platform_column: int | None = None  # ODK's FormVersion
    untrusted: dict[str, int] = field(default_factory=dict)  # versions fiit does not know -> rows
    by_columns_rows: int = 0

    def told(self, record: list[str]) -> str:
        """The version the row itself names ("" if none)."""
        for index in (self.own_column, self.platform_column):
            if index is not None and index < len(record) and record[index].strip():
                return record[index].strip()
        return ""

    def of_row(self, record: list[str]) -> tuple[Instrument, str]:
        """The instrument version to read the row with, and the version the row names ("" if none)."""
        told = self.told(record)
        if self.fixed:
            return self.by_columns, told
        found = self.forms.get(told)
        if found is not None:
            return found, told
        if told:
            self.untrusted[told] = self.untrusted.get(told, 0) + 1
        else:
            self.by_columns_rows += 1
        return self.by_columns, told


def row_versions(forms: Sequence[Instrument] | None, instrument: Instrument, columns: ColumnMap,
                 header: list[str], source: str) -> tuple[RowVersions, FileVersion | None]:
    """How the rows of a file get their version; ``forms`` None: every row is read with ``instrument``."""
    own = columns.fields.get(names.FORM_VERSION)
    platform = columns.meta.get("form_version")
    if not forms:
        return RowVersions({instrument.version: instrument}, instrument, True, own, platform), None
    by_version = {f.version: f for f in forms}
    chosen = version_by_columns(list(forms), header, source)
    return RowVersions(by_version, chosen.instrument, False, own, platform), chosen


def released_forms(instrument: Instrument) -> tuple[Instrument, ...]:
    """Every released version of a built-in instrument, oldest first, for rules 1 and 2 (just it otherwise)."""
    from fiit.instruments import BUILTIN_IDS, get_instrument_version, released_versions

    if instrument.id not in BUILTIN_IDS:
        return (instrument,)
    forms = tuple(get_instrument_version(instrument.id, v) for v in released_versions(instrument.id))
    return forms if instrument.version == forms[-1].version else (instrument,)
