"""The legal and service frameworks of the five FIIT countries, as data.

Annex 2 of the FIIT report (the seed) summarises, per country, how victims of
trafficking (VoTs) get a legal status, what their residence permit looks like,
how many permits were issued, who assists them and which services exist. This
module holds that summary as frozen dataclasses.

Every value is a :class:`Fact`: the value itself, where in the seed it comes
from (``source``) and, where useful, a ``note`` (English; ``notes`` holds it by
language where it is translated: the report prints it as a footnote in its own
language). A value the seed states but other sources dispute keeps the seed's
statement and carries ``disputed``: the reason, by language. The report shows
both; the value is never silently corrected. ``value is None`` always means
*unknown*: the seed's tables lost their column positions in text extraction, and
where neither the tables nor the narrative settle a value we keep it unknown
rather than guess. Descriptive facts carry their description in ``text``
(language code -> text). Every text needs English and Dutch (``TEXT_LANGUAGES``,
the languages the study vocabulary marks ``required``);
the other languages of fiit are optional, and readers fall back to English per
text (:func:`fiit.i18n.pick`), so a new country's file loads before it is
translated. The shipped files carry all five languages (a test checks it).

Counts are :class:`CountSeries` of :class:`CountRow`. A row's ``period`` is a
year (``"2006"``), a span of years (``"2004-2010"``) or a date interval
(``"2009-04-01/2011-03-31"``). The total printed in the seed is kept apart from
the rows (``printed_total``); totals used by the code are always computed from
the rows, so that :mod:`fiit.frameworks.totals` can compare the two.

Pure core: standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from fiit.problems.errors import FiitError
from fiit.i18n import pick  # noqa: F401  (re-exported: frameworks.model.pick)
from fiit.vocabulary import vocabulary

LANGUAGES = vocabulary().language_codes
# Descriptions and labels are required in these; the rest of LANGUAGES are optional
# (English stands in for a missing one). Not all languages: frameworks stored in a database
# by an earlier fiit carry only these, and a new country should load before it is
# translated into every language.
TEXT_LANGUAGES = vocabulary().required_languages
COUNTRY_CODES = vocabulary().country_codes  # ISO 3166-1 alpha-2, in the seed's order
# Optional groups: a country's file may describe services for its own nationals
# (Hungary: the victims its narrative speaks of are Hungarian nationals).
OPTIONAL_GROUPS = ("national",)
GROUPS = tuple(g.code for g in vocabulary().framework_groups if g.code not in OPTIONAL_GROUPS)
ACCESS_ROUTES = (
    "directive_2004_81",
    "specific_legislation",
    "refugee_status",
    "other_international_protection",
)
SERVICE_KEYS = (
    "specialised_shelters",
    "language_courses",
    "vocational_training",
    "job_placement",
    "legal_services",
    "psychosocial_support",
    "other",
)
SERIES_TABLES = (
    "permits_issued",
    "identified_victims",
    "victims_by_gender",
    "victims_by_exploitation",
    "narrative_figures",
)
# Categories allowed in the tables whose categories are fixed.
SERIES_CATEGORIES: dict[str, tuple[str, ...]] = {
    "identified_victims": ("total",),
    "victims_by_gender": ("female", "male"),
    "victims_by_exploitation": vocabulary().exploitation_group_codes,
}
TABLE_LABELS: dict[str, dict[str, str]] = {
    "permits_issued": {
        "en": "residence permits issued", "nl": "afgegeven verblijfsvergunningen",
        "fr": "titres de séjour délivrés", "it": "permessi di soggiorno rilasciati",
        "hu": "kiadott tartózkodási engedélyek",
    },
    "identified_victims": {
        "en": "identified victims", "nl": "geïdentificeerde slachtoffers",
        "fr": "victimes identifiées", "it": "vittime identificate", "hu": "azonosított áldozatok",
    },
    "victims_by_gender": {
        "en": "victims by gender", "nl": "slachtoffers naar geslacht",
        "fr": "victimes par genre", "it": "vittime per genere", "hu": "áldozatok nemek szerint",
    },
    "victims_by_exploitation": {
        "en": "victims by form of exploitation", "nl": "slachtoffers naar soort uitbuiting",
        "fr": "victimes par forme d'exploitation", "it": "vittime per forma di sfruttamento",
        "hu": "áldozatok a kizsákmányolás formája szerint",
    },
    "narrative_figures": {
        "en": "figures given in the narrative", "nl": "cijfers uit de lopende tekst",
        "fr": "chiffres cités dans le corps du texte", "it": "dati citati nel testo",
        "hu": "a szövegben közölt adatok",
    },
}

Text = Mapping[str, str]
Value = bool | int | str | None


class FrameworkError(FiitError):
    """A framework could not be built: a shipped data file is broken, or
    :func:`fiit.frameworks.loader.framework_from_dict` was given bad data."""

    code = "framework"
    server_side = True

    def __init__(self, message: str, problems: list[Any] | None = None):
        super().__init__(message, problems=problems or ())


@dataclass(frozen=True)
class Fact:
    """One value with its source in the seed. ``value is None`` means unknown.

    ``note``: the English note; ``notes``: the note by language (English
    included) where it is translated. ``disputed``: by language, why another
    source disputes the value the seed states (empty when nobody does).
    """

    value: Value
    source: str
    note: str | None = None
    text: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    disputed: dict[str, str] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.value is not None

    def note_in(self, lang: str) -> str | None:
        """The note in ``lang`` (English where it is not translated); None without a note."""
        return note_in(self.note, self.notes, lang)

    def to_dict(self) -> dict[str, Any]:
        out = {"value": self.value, "source": self.source, "note": note_data(self.note, self.notes),
               "text": dict(self.text)}
        if self.disputed:
            out["disputed"] = dict(self.disputed)
        return out


def note_in(note: str | None, notes: Mapping[str, str], lang: str) -> str | None:
    if note is None and not notes:
        return None
    return notes.get(lang) or notes.get("en") or note


def note_data(note: str | None, notes: Mapping[str, str]) -> str | dict[str, str] | None:
    """A note as stored: the mapping by language when translated, else the English text."""
    return dict(notes) if notes else note


@dataclass(frozen=True)
class CountRow:
    """One printed figure: ``value is None`` when the seed prints none (blank, N/A)."""

    period: str
    value: int | None
    note: str | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def note_in(self, lang: str) -> str | None:
        return note_in(self.note, self.notes, lang)

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, "value": self.value, "note": note_data(self.note, self.notes)}


@dataclass(frozen=True)
class CountSeries:
    """A column of figures from one table: rows by period plus the printed total."""

    table: str
    category: str
    label: dict[str, str]
    rows: tuple[CountRow, ...]
    printed_total: int | None
    source: str
    note: str | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def note_in(self, lang: str) -> str | None:
        return note_in(self.note, self.notes, lang)

    @property
    def key(self) -> str:
        return f"{self.table}/{self.category}"

    def computed_total(self) -> int | None:
        """Sum of the rows that have a figure; None when no row has one."""
        known = [r.value for r in self.rows if r.value is not None]
        return sum(known) if known else None

    def unknown_periods(self) -> list[str]:
        return [r.period for r in self.rows if r.value is None]

    def periods(self) -> list[str]:
        return [r.period for r in self.rows]

    def row(self, period: str) -> CountRow | None:
        for r in self.rows:
            if r.period == period:
                return r
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "category": self.category,
            "label": dict(self.label),
            "rows": [r.to_dict() for r in self.rows],
            "printed_total": self.printed_total,
            "source": self.source,
            "note": note_data(self.note, self.notes),
        }


@dataclass(frozen=True)
class ReflectionPeriod:
    """``days``: length in days; ``formal``: laid down in law; ``applied``: used in practice."""

    days: Fact
    formal: Fact
    applied: Fact

    def to_dict(self) -> dict[str, Any]:
        return {"days": self.days.to_dict(), "formal": self.formal.to_dict(), "applied": self.applied.to_dict()}


@dataclass(frozen=True)
class LegalStatusAccess:
    """Whether VoTs can get a legal status through each route (bool facts)."""

    directive_2004_81: Fact
    specific_legislation: Fact
    refugee_status: Fact
    other_international_protection: Fact

    def to_dict(self) -> dict[str, Any]:
        return {route: getattr(self, route).to_dict() for route in ACCESS_ROUTES}


@dataclass(frozen=True)
class PermitStage:
    """One residence document in the sequence a VoT receives, with its length in months."""

    name: dict[str, str]
    duration_months: Fact

    def to_dict(self) -> dict[str, Any]:
        return {"name": dict(self.name), "duration_months": self.duration_months.to_dict()}


@dataclass(frozen=True)
class Permit:
    """The residence permit for VoTs.

    ``stages``: the document(s) and their duration; ``renewal``: renewable
    (bool) with how often / how long in ``text``; ``conversion``: convertible to
    a long-term permit (bool) with the conditions in ``text``.
    """

    stages: tuple[PermitStage, ...]
    renewal: Fact
    conversion: Fact

    def to_dict(self) -> dict[str, Any]:
        return {
            "stages": [s.to_dict() for s in self.stages],
            "renewal": self.renewal.to_dict(),
            "conversion": self.conversion.to_dict(),
        }


@dataclass(frozen=True)
class Services:
    """Integration services available (bool facts); ``other`` lists further services in ``text``."""

    specialised_shelters: Fact
    language_courses: Fact
    vocational_training: Fact
    job_placement: Fact
    legal_services: Fact
    psychosocial_support: Fact
    other: Fact

    def to_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key).to_dict() for key in SERVICE_KEYS}


@dataclass(frozen=True)
class GroupSupport:
    """Assistance for one group of victims (third-country nationals or EU citizens).

    ``public_provider`` / ``private_provider``: whether public bodies / private
    organisations (NGOs, IOs, religious or volunteer organisations) assist,
    with who in ``text``. ``assisted_voluntary_return``: whether assistance with
    voluntary return and reintegration exists, with how in ``text``.
    """

    public_provider: Fact
    private_provider: Fact
    services: Services
    assisted_voluntary_return: Fact

    def to_dict(self) -> dict[str, Any]:
        return {
            "public_provider": self.public_provider.to_dict(),
            "private_provider": self.private_provider.to_dict(),
            "services": self.services.to_dict(),
            "assisted_voluntary_return": self.assisted_voluntary_return.to_dict(),
        }


@dataclass(frozen=True)
class CountryFramework:
    """Everything Annex 2 (and the narrative explaining it) says about one country."""

    code: str
    name: dict[str, str]
    seed: str
    reflection_period: ReflectionPeriod
    legal_status_access: LegalStatusAccess
    permit: Permit
    permits_issued: tuple[CountSeries, ...]
    identified_victims: tuple[CountSeries, ...]
    victims_by_gender: tuple[CountSeries, ...]
    victims_by_exploitation: tuple[CountSeries, ...]
    narrative_figures: tuple[CountSeries, ...]
    third_country: GroupSupport
    eu: GroupSupport
    national: GroupSupport | None = None  # services for the country's own nationals, where described

    # -- series ---------------------------------------------------------

    def series(self, table: str | None = None) -> list[CountSeries]:
        """All count series, or those of one table, in file order."""
        tables = SERIES_TABLES if table is None else (table,)
        out: list[CountSeries] = []
        for t in tables:
            out.extend(getattr(self, t))
        return out

    def permits_total(self) -> dict[str, int]:
        """Permits issued per category: the sum of the rows (never the printed total).

        Rows without a figure are left out of the sum; a category none of whose
        rows has a figure is left out of the result.
        """
        out: dict[str, int] = {}
        for s in self.permits_issued:
            total = s.computed_total()
            if total is not None:
                out[s.category] = total
        return out

    def identified_victims_total(self) -> int | None:
        """Identified victims: the sum of the yearly rows; None if the seed gives none."""
        for s in self.identified_victims:
            if s.category == "total":
                return s.computed_total()
        return None

    # -- facts ----------------------------------------------------------

    def facts(self) -> Iterator[tuple[str, Fact]]:
        """Every fact with its dotted path, e.g. ``permit.renewal``."""
        rp = self.reflection_period
        yield "reflection_period.days", rp.days
        yield "reflection_period.formal", rp.formal
        yield "reflection_period.applied", rp.applied
        for route in ACCESS_ROUTES:
            yield f"legal_status_access.{route}", getattr(self.legal_status_access, route)
        for i, stage in enumerate(self.permit.stages):
            yield f"permit.stages[{i}].duration_months", stage.duration_months
        yield "permit.renewal", self.permit.renewal
        yield "permit.conversion", self.permit.conversion
        for group in self.groups():
            support: GroupSupport = getattr(self, group)
            yield f"{group}.public_provider", support.public_provider
            yield f"{group}.private_provider", support.private_provider
            for key in SERVICE_KEYS:
                yield f"{group}.services.{key}", getattr(support.services, key)
            yield f"{group}.assisted_voluntary_return", support.assisted_voluntary_return

    def groups(self) -> tuple[str, ...]:
        """The groups this framework describes: third-country nationals, EU citizens, nationals if given."""
        return (*GROUPS, *(g for g in OPTIONAL_GROUPS if getattr(self, g) is not None))

    def texts(self) -> Iterator[tuple[str, dict[str, str]]]:
        """Every text by language with its path as in the file, e.g. ``permits_issued[0].label``.

        The country's name, the permit stages' names, the series' labels and the
        ``text`` of every fact that has one, and every note and dispute given by
        language (a note given as a plain string is English only and not included).
        """
        yield "name", self.name
        for i, stage in enumerate(self.permit.stages):
            yield f"permit.stages[{i}].name", stage.name
        for table in SERIES_TABLES:
            for i, s in enumerate(getattr(self, table)):
                yield f"{table}[{i}].label", s.label
                if s.notes:
                    yield f"{table}[{i}].note", s.notes
                for j, r in enumerate(s.rows):
                    if r.notes:
                        yield f"{table}[{i}].rows[{j}].note", r.notes
        for path, fact in self.facts():
            if fact.text:
                yield f"{path}.text", fact.text
            if fact.notes:
                yield f"{path}.note", fact.notes
            if fact.disputed:
                yield f"{path}.disputed", fact.disputed

    def unknown_facts(self) -> list[str]:
        """Paths of the facts whose value is unknown."""
        return [path for path, fact in self.facts() if fact.value is None]

    def unknown_rows(self) -> list[str]:
        """``table/category@period`` for every count row without a figure."""
        return [f"{s.key}@{r.period}" for s in self.series() for r in s.rows if r.value is None]

    # -- serialisation --------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable data; :func:`framework_from_dict` reads it back."""
        out: dict[str, Any] = {
            "code": self.code,
            "name": dict(self.name),
            "seed": self.seed,
            "reflection_period": self.reflection_period.to_dict(),
            "legal_status_access": self.legal_status_access.to_dict(),
            "permit": self.permit.to_dict(),
        }
        for table in SERIES_TABLES:
            out[table] = [s.to_dict() for s in getattr(self, table)]
        for group in self.groups():
            out[group] = getattr(self, group).to_dict()
        return out
