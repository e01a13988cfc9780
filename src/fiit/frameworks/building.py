"""Check and build a country framework from plain data (what a YAML file holds).

:class:`_Builder` walks the data once, collecting every problem with the
field path it is at (``permit.renewal.source``) and a plain-English message;
:func:`check_framework_data` returns them, :func:`framework_from_dict` raises
them. Reading files and the shipped frameworks is :mod:`fiit.frameworks.loader`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from fiit.problems import Problem
from fiit.frameworks.model import (
    ACCESS_ROUTES,
    COUNTRY_CODES,
    GROUPS,
    LANGUAGES,
    OPTIONAL_GROUPS,
    SERIES_CATEGORIES,
    SERIES_TABLES,
    SERVICE_KEYS,
    TEXT_LANGUAGES,
    CountRow,
    CountryFramework,
    CountSeries,
    Fact,
    FrameworkError,
    GroupSupport,
    LegalStatusAccess,
    Permit,
    PermitStage,
    ReflectionPeriod,
    Services,
)


CATEGORY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_YEAR = r"\d{4}"
_DATE = r"\d{4}-\d{2}-\d{2}"
PERIOD_PATTERN = re.compile(rf"^(?:{_YEAR}|{_YEAR}-{_YEAR}|{_DATE}/{_DATE})$")

TOP_KEYS = (
    "code", "name", "seed", "reflection_period", "legal_status_access", "permit",
    *SERIES_TABLES, *GROUPS, *OPTIONAL_GROUPS,
)
FACT_KEYS = ("value", "source", "note", "text", "disputed")
SERIES_KEYS = ("table", "category", "label", "rows", "printed_total", "source", "note")
ROW_KEYS = ("period", "value", "note")
REFLECTION_KEYS = ("days", "formal", "applied")
PERMIT_KEYS = ("stages", "renewal", "conversion")
STAGE_KEYS = ("name", "duration_months")
GROUP_KEYS = ("public_provider", "private_provider", "services", "assisted_voluntary_return")

_KIND_WORDS = {
    "bool": "true or false (or null for unknown)",
    "int": "a whole number of 0 or more (or null for unknown)",
}


@dataclass
class LoadResult:
    framework: CountryFramework | None
    problems: list[Problem] = field(default_factory=list)
    file: str = ""

    @property
    def valid(self) -> bool:
        return self.framework is not None and not self.problems


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the decimal number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{short}'"
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Builder:
    """Builds a CountryFramework from plain data, collecting every problem."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, code: str, path: str, message: str) -> None:
        self.problems.append(Problem(code=code, message=message, file=self.file, path=path))

    # -- generic pieces ---------------------------------------------------

    def mapping(self, data: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict | None:
        if not isinstance(data, dict):
            self.problem("wrong_type", path, f"expected a mapping of {', '.join(allowed)}, got {_describe(data)}.")
            return None
        for key in data:
            if key not in allowed:
                self.problem(
                    "unknown_key",
                    _join(path, str(key)),
                    f"unknown key '{key}'; the keys allowed here are: {', '.join(allowed)}.",
                )
        for key in required:
            if key not in data:
                self.problem("missing_key", _join(path, key), f"the required key '{key}' is missing.")
        return data

    def text(self, data: Any, path: str, required_langs: tuple[str, ...] = TEXT_LANGUAGES) -> dict[str, str] | None:
        if not isinstance(data, dict):
            self.problem(
                "wrong_type", path,
                f"expected texts by language ({', '.join(required_langs)} at least), got {_describe(data)}.",
            )
            return None
        ok = True
        for lang, value in data.items():
            if lang not in LANGUAGES:
                self.problem(
                    "unknown_language", _join(path, str(lang)),
                    f"'{lang}' is not one of the languages of fiit ({', '.join(LANGUAGES)}).",
                )
                ok = False
            elif not isinstance(value, str) or not value.strip():
                self.problem("wrong_type", _join(path, lang), f"expected a non-empty text, got {_describe(value)}.")
                ok = False
        for lang in required_langs:
            if lang not in data:
                self.problem("missing_language", _join(path, lang), f"the text in '{lang}' is missing.")
                ok = False
        return dict(data) if ok else None

    def note(self, data: dict, path: str) -> tuple[str | None, dict[str, str]]:
        """(English note, note by language): a note is an English text or texts by language with English."""
        note = data.get("note")
        if isinstance(note, dict):
            notes = self.text(note, _join(path, "note"), ("en",))
            return (notes["en"], notes) if notes else (None, {})
        if note is not None and (not isinstance(note, str) or not note.strip()):
            self.problem("wrong_type", _join(path, "note"),
                         f"expected a text, texts by language or null, got {_describe(note)}.")
            return None, {}
        return note, {}

    def source(self, data: dict, path: str) -> str | None:
        if "source" not in data or data["source"] is None:
            self.problem(
                "missing_source", _join(path, "source"),
                "this value has no source; every value must say where in the seed it comes from.",
            )
            return None
        src = data["source"]
        if not isinstance(src, str) or not src.strip():
            self.problem(
                "missing_source", _join(path, "source"),
                f"the source must be a non-empty text naming the place in the seed, got {_describe(src)}.",
            )
            return None
        return src

    def fact(self, data: Any, path: str, kind: str) -> Fact | None:
        """``kind`` is 'bool' or 'int': the type of a known value."""
        d = self.mapping(data, path, FACT_KEYS, ("value",))
        if d is None:
            return None
        before = len(self.problems)
        value = d.get("value")
        if value is not None:
            good = isinstance(value, bool) if kind == "bool" else (
                isinstance(value, int) and not isinstance(value, bool) and value >= 0
            )
            if not good:
                self.problem(
                    "wrong_type", _join(path, "value"),
                    f"expected {_KIND_WORDS[kind]}, got {_describe(value)}.",
                )
        source = self.source(d, path)
        note, notes = self.note(d, path)
        text: dict[str, str] = {}
        if d.get("text") is not None and d.get("text") != {}:
            text = self.text(d["text"], _join(path, "text")) or {}
        disputed: dict[str, str] = {}
        if d.get("disputed") is not None and d.get("disputed") != {}:
            disputed = self.text(d["disputed"], _join(path, "disputed"), ("en",)) or {}
        if len(self.problems) > before:
            return None
        return Fact(value=value, source=source or "", note=note, text=text, notes=notes, disputed=disputed)

    # -- count series -----------------------------------------------------

    def row(self, data: Any, path: str) -> CountRow | None:
        d = self.mapping(data, path, ROW_KEYS, ("period", "value"))
        if d is None:
            return None
        before = len(self.problems)
        period = d.get("period")
        if not isinstance(period, str) or not PERIOD_PATTERN.match(period):
            self.problem(
                "bad_period", _join(path, "period"),
                "the period must be a year ('2006'), a span of years ('2004-2010') or a date "
                f"interval ('2009-04-01/2011-03-31'), in quotes; got {_describe(period)}.",
            )
        value = d.get("value")
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            self.problem(
                "wrong_type", _join(path, "value"),
                f"expected a whole number of 0 or more, or null where the seed prints no figure; got {_describe(value)}.",
            )
        note, notes = self.note(d, path)
        if len(self.problems) > before:
            return None
        return CountRow(period=period, value=value, note=note, notes=notes)

    def series(self, data: Any, path: str, table: str) -> CountSeries | None:
        d = self.mapping(data, path, SERIES_KEYS, ("category", "label", "rows", "printed_total"))
        if d is None:
            return None
        before = len(self.problems)
        if "table" in d and d["table"] != table:
            self.problem(
                "wrong_table", _join(path, "table"),
                f"this series is listed under '{table}' but says it belongs to {_describe(d['table'])}.",
            )
        category = d.get("category")
        allowed = SERIES_CATEGORIES.get(table)
        if not isinstance(category, str) or not CATEGORY_PATTERN.match(category):
            self.problem(
                "bad_category", _join(path, "category"),
                f"the category must be a lowercase identifier such as 'female'; got {_describe(category)}.",
            )
        elif allowed and category not in allowed:
            self.problem(
                "bad_category", _join(path, "category"),
                f"'{category}' is not a category of {table}; use one of: {', '.join(allowed)}.",
            )
        label = self.text(d.get("label"), _join(path, "label")) if "label" in d else None
        rows: list[CountRow] = []
        raw_rows = d.get("rows")
        if "rows" in d:
            if not isinstance(raw_rows, list):
                self.problem("wrong_type", _join(path, "rows"), f"expected a list of rows, got {_describe(raw_rows)}.")
            else:
                seen: set[str] = set()
                for i, raw in enumerate(raw_rows):
                    r = self.row(raw, _join(_join(path, "rows"), i))
                    if r is None:
                        continue
                    if r.period in seen:
                        self.problem(
                            "duplicate_period", _join(_join(_join(path, "rows"), i), "period"),
                            f"the period '{r.period}' appears twice in this series.",
                        )
                    seen.add(r.period)
                    rows.append(r)
        printed = d.get("printed_total")
        if printed is not None and (not isinstance(printed, int) or isinstance(printed, bool) or printed < 0):
            self.problem(
                "wrong_type", _join(path, "printed_total"),
                f"expected the printed total as a whole number, or null if none is printed; got {_describe(printed)}.",
            )
        source = self.source(d, path)
        note, notes = self.note(d, path)
        if len(self.problems) > before:
            return None
        return CountSeries(
            table=table, category=category, label=label or {}, rows=tuple(rows),
            printed_total=printed, source=source or "", note=note, notes=notes,
        )

    def series_list(self, data: Any, path: str, table: str) -> tuple[CountSeries, ...]:
        if data is None:
            return ()
        if not isinstance(data, list):
            self.problem("wrong_type", path, f"expected a list of series (or an empty list), got {_describe(data)}.")
            return ()
        out: list[CountSeries] = []
        seen: set[str] = set()
        for i, raw in enumerate(data):
            s = self.series(raw, _join(path, i), table)
            if s is None:
                continue
            if s.category in seen:
                self.problem(
                    "duplicate_category", _join(_join(path, i), "category"),
                    f"the category '{s.category}' appears twice in {table}.",
                )
            seen.add(s.category)
            out.append(s)
        return tuple(out)

    # -- sections ---------------------------------------------------------

    def facts_of(self, data: Any, path: str, keys: tuple[str, ...], kinds: dict[str, str]) -> dict[str, Fact] | None:
        d = self.mapping(data, path, keys, keys)
        if d is None:
            return None
        out: dict[str, Fact] = {}
        for key in keys:
            if key in d:
                f = self.fact(d[key], _join(path, key), kinds[key])
                if f is not None:
                    out[key] = f
        return out if len(out) == len(keys) else None

    def reflection(self, data: Any, path: str) -> ReflectionPeriod | None:
        facts = self.facts_of(data, path, REFLECTION_KEYS, {"days": "int", "formal": "bool", "applied": "bool"})
        return ReflectionPeriod(**facts) if facts else None

    def access(self, data: Any, path: str) -> LegalStatusAccess | None:
        facts = self.facts_of(data, path, ACCESS_ROUTES, {k: "bool" for k in ACCESS_ROUTES})
        return LegalStatusAccess(**facts) if facts else None

    def permit(self, data: Any, path: str) -> Permit | None:
        d = self.mapping(data, path, PERMIT_KEYS, PERMIT_KEYS)
        if d is None:
            return None
        before = len(self.problems)
        stages: list[PermitStage] = []
        raw_stages = d.get("stages")
        if "stages" in d:
            if not isinstance(raw_stages, list) or not raw_stages:
                self.problem(
                    "wrong_type", _join(path, "stages"),
                    f"expected a list of at least one permit stage, got {_describe(raw_stages)}.",
                )
            else:
                for i, raw in enumerate(raw_stages):
                    spath = _join(_join(path, "stages"), i)
                    sd = self.mapping(raw, spath, STAGE_KEYS, STAGE_KEYS)
                    if sd is None:
                        continue
                    name = self.text(sd.get("name"), _join(spath, "name")) if "name" in sd else None
                    months = self.fact(sd.get("duration_months"), _join(spath, "duration_months"), "int") \
                        if "duration_months" in sd else None
                    if name is not None and months is not None:
                        stages.append(PermitStage(name=name, duration_months=months))
        renewal = self.fact(d["renewal"], _join(path, "renewal"), "bool") if "renewal" in d else None
        conversion = self.fact(d["conversion"], _join(path, "conversion"), "bool") if "conversion" in d else None
        if len(self.problems) > before or renewal is None or conversion is None:
            return None
        return Permit(stages=tuple(stages), renewal=renewal, conversion=conversion)

    def group(self, data: Any, path: str) -> GroupSupport | None:
        d = self.mapping(data, path, GROUP_KEYS, GROUP_KEYS)
        if d is None:
            return None
        public = self.fact(d["public_provider"], _join(path, "public_provider"), "bool") \
            if "public_provider" in d else None
        private = self.fact(d["private_provider"], _join(path, "private_provider"), "bool") \
            if "private_provider" in d else None
        services = None
        if "services" in d:
            facts = self.facts_of(d["services"], _join(path, "services"), SERVICE_KEYS,
                                  {k: "bool" for k in SERVICE_KEYS})
            services = Services(**facts) if facts else None
        avr = self.fact(d["assisted_voluntary_return"], _join(path, "assisted_voluntary_return"), "bool") \
            if "assisted_voluntary_return" in d else None
        if None in (public, private, services, avr):
            return None
        return GroupSupport(public_provider=public, private_provider=private, services=services,
                            assisted_voluntary_return=avr)

    def framework(self, data: Any) -> CountryFramework | None:
        d = self.mapping(data, "", TOP_KEYS, tuple(k for k in TOP_KEYS if k not in OPTIONAL_GROUPS))
        if d is None:
            return None
        code = d.get("code")
        if "code" in d and code not in COUNTRY_CODES:
            self.problem(
                "bad_code", "code",
                f"the country code must be one of {', '.join(COUNTRY_CODES)} (ISO 3166-1 alpha-2); "
                f"got {_describe(code)}.",
            )
        # Required in the required languages only, like every text: a language added to the study
        # vocabulary later must not make the shipped files fail (the vocabulary names the countries).
        name = self.text(d.get("name"), "name") if "name" in d else None
        seed = d.get("seed")
        if "seed" in d and (not isinstance(seed, str) or not seed.strip()):
            self.problem("wrong_type", "seed", f"expected a text naming the seed document, got {_describe(seed)}.")
        builders: dict[str, Callable[[Any, str], Any]] = {
            "reflection_period": self.reflection,
            "legal_status_access": self.access,
            "permit": self.permit,
            "third_country": self.group,
            "eu": self.group,
            "national": self.group,
        }
        parts = {key: build(d[key], key) for key, build in builders.items() if key in d}
        tables = {t: self.series_list(d.get(t), t, t) for t in SERIES_TABLES}
        if self.problems:
            return None
        return CountryFramework(code=code, name=name, seed=seed, **parts, **tables)


def framework_from_dict(data: Any, file: str = "<data>") -> CountryFramework:
    """Build a framework from plain data (e.g. ``to_dict()`` output); raise on problems."""
    builder = _Builder(file)
    fw = builder.framework(data)
    if fw is None or builder.problems:
        raise FrameworkError(summary(file, builder.problems), builder.problems)
    return fw


def check_framework_data(data: Any, file: str = "<data>") -> LoadResult:
    """Build a framework from plain data, returning problems instead of raising."""
    builder = _Builder(file)
    fw = builder.framework(data)
    return LoadResult(framework=None if builder.problems else fw, problems=builder.problems, file=file)


def summary(file: str, problems: list[Problem]) -> str:
    lines = [f"{file}: {len(problems)} problem(s)"]
    lines += [f"  - {p.path or '(top)'}: {p.message}" for p in problems[:20]]
    if len(problems) > 20:
        lines.append(f"  ... and {len(problems) - 20} more")
    return "\n".join(lines)
