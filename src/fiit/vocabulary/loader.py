"""Read the vocabulary's YAML files, reporting data problems as results.

:func:`load_vocabulary_dir` never raises for bad content: it returns a
:class:`VocabularyResult` with the vocabulary (None when there are errors) and
the problems, each naming the file, the place in it (``countries[2].name``)
and what is wrong in plain English. :func:`vocabulary` is what the rest of
fiit calls: the folder named by the ``FIIT_VOCABULARY_DIR`` environment
variable, else the shipped ``data`` folder, read once per folder; it raises
:class:`VocabularyError` when that folder has problems.

Pure core: standard library and PyYAML.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from fiit.problems import Problem
from fiit.vocabulary.model import (
    AgeBand,
    AnswerState,
    CitizenshipGroup,
    Country,
    EducationLevel,
    ExploitationForm,
    ExploitationGroup,
    FrameworkAspect,
    Language,
    ResidenceStatus,
    Term,
    Vocabulary,
    VocabularyError,
)

ENV_VAR = "FIIT_VOCABULARY_DIR"
SHIPPED_DIR = Path(__file__).resolve().parent / "data"
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: file -> the top-level keys it holds.
FILES: dict[str, tuple[str, ...]] = {
    "languages.yaml": ("languages",),
    "countries.yaml": ("countries",),
    "themes.yaml": ("themes",),
    "respondents.yaml": ("citizenship_groups", "age_bands", "open_data_age_bands", "education_levels"),
    "exploitation.yaml": ("groups", "forms"),
    "answers.yaml": ("answer_states",),
    "status.yaml": ("residence_statuses", "residence_status_groups", "status_routes"),
    "framework_aspects.yaml": ("sections", "groups", "aspects"),
}

CODE = re.compile(r"^[a-z][a-z0-9_]*$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
BAND_CODE = re.compile(r"^\d+(-\d+|\+)$")


@dataclass
class VocabularyResult:
    vocabulary: Vocabulary | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.vocabulary is not None


class _Reader:
    """Checks one folder's files entry by entry, collecting problems."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[Problem] = []
        self.file = ""
        self.languages: tuple[str, ...] = ("en",)

    def error(self, code: str, where: str, message: str) -> None:
        self.problems.append(Problem(code, message, file=self.file, column=where or None))

    def read(self, name: str) -> dict[str, Any]:
        self.file = name
        path = self.folder / name
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
        except FileNotFoundError:
            self.error("missing_file", "", f"The vocabulary folder {self.folder} has no {name}.")
            return {}
        except OSError as exc:
            self.error("unreadable", "", f"The file cannot be read: {exc.strerror or exc}.")
            return {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
            self.error("yaml_syntax", "", f"The file is not valid YAML{at}.")
            return {}
        if not isinstance(data, dict):
            self.error("not_a_mapping", "", f"The file must be a mapping with {', '.join(FILES[name])}.")
            return {}
        for key in sorted(set(data) - set(FILES[name])):
            self.error("unknown_key", key, f"'{key}' is not part of {name}; it holds {', '.join(FILES[name])}.")
        return data

    def entries(self, data: dict, key: str, build: Callable[[dict, str], Any], code_key: str = "code") -> tuple:
        items = data.get(key)
        if not isinstance(items, list) or not items:
            self.error("missing_list", key, f"'{key}' must be a list with at least one entry.")
            return ()
        out, seen = [], set()
        for i, item in enumerate(items):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                self.error("not_a_mapping", where, "Each entry must be a mapping (code, labels, ...).")
                continue
            code = item.get(code_key)
            if code in seen:
                self.error("duplicate_code", where, f"'{code}' is defined twice in '{key}'.")
                continue
            seen.add(code)
            built = build(item, where)
            if built is not None:
                out.append(built)
        return tuple(out)

    def code(self, item: dict, where: str, pattern: re.Pattern = CODE, key: str = "code") -> str | None:
        value = item.get(key)
        if not isinstance(value, str) or not pattern.match(value):
            self.error("bad_code", f"{where}.{key}", f"'{value}' is not a valid {key} (expected like "
                       f"{'BE' if pattern is COUNTRY_CODE else 'nl' if pattern is LANGUAGE_CODE else 'third_country'}).")
            return None
        return value

    def label(self, item: dict, where: str, key: str = "label", required: bool = True) -> dict[str, str] | None:
        value = item.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, dict) or not all(isinstance(v, str) and v.strip() for v in value.values()):
            self.error("bad_label", f"{where}.{key}", f"'{key}' must map language codes to texts, such as "
                       "{en: Work, nl: Werk}.")
            return None
        if "en" not in value:
            self.error("no_english", f"{where}.{key}", f"'{key}' needs an English text (en): English stands in "
                       "for every language a label is not yet translated into.")
            return None
        unknown = sorted(set(value) - set(self.languages))
        if unknown:
            self.error("unknown_language", f"{where}.{key}", f"'{key}' has text in {', '.join(unknown)}, which "
                       "languages.yaml does not list.")
            return None
        return {str(k): str(v) for k, v in value.items()}

    def text(self, item: dict, where: str, key: str) -> str | None:
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error("missing_text", f"{where}.{key}", f"'{key}' must be a non-empty text.")
            return None
        return value


def _languages(r: _Reader, data: dict) -> tuple[Language, ...]:
    def build(item, where):
        code, endonym = r.code(item, where, LANGUAGE_CODE), r.text(item, where, "endonym")
        name = item.get("name")
        if not isinstance(name, dict) or "en" not in name:
            r.error("bad_label", f"{where}.name", "'name' must give the language's name at least in English (en).")
            return None
        required = item.get("required", False)
        if not isinstance(required, bool):
            r.error("bad_value", f"{where}.required", "'required' is true or false.")
            return None
        plural = item.get("plural_forms", "nplurals=2; plural=(n != 1);")
        if not isinstance(plural, str) or not plural.startswith("nplurals="):
            r.error("bad_value", f"{where}.plural_forms", "'plural_forms' is gettext's header, such as "
                    "'nplurals=2; plural=(n != 1);'.")
            return None
        typography = item.get("typography", {})
        if not isinstance(typography, dict) or not set(typography) <= {"decimal", "thousands", "title_in_sentence"} \
                or typography.get("title_in_sentence", "keep") not in ("lower", "keep"):
            r.error("bad_value", f"{where}.typography", "'typography' gives decimal, thousands and "
                    "title_in_sentence (lower or keep), such as {decimal: \",\", thousands: \".\", title_in_sentence: keep}.")
            return None
        return (Language(code, endonym, {str(k): str(v) for k, v in name.items()}, plural, required,
                         str(typography.get("decimal", ".")), str(typography.get("thousands", ",")),
                         typography.get("title_in_sentence", "keep"))
                if code and endonym else None)
    languages = r.entries(data, "languages", build)
    if languages and "en" not in {lang.code for lang in languages}:
        r.error("no_english", "languages", "English (en) must be one of the languages: it is the source language.")
    return languages


def _countries(r: _Reader, data: dict) -> tuple[Country, ...]:
    def build(item, where):
        code = r.code(item, where, COUNTRY_CODE)
        eurostat = r.code(item, where, COUNTRY_CODE, "eurostat")
        language = item.get("language")
        if language not in r.languages:
            r.error("unknown_language", f"{where}.language", f"'{language}' is not one of the languages "
                    f"({', '.join(r.languages)}).")
            return None
        name = r.label(item, where, "name")
        time_zone = str(item.get("time_zone") or "")
        if time_zone:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(time_zone)
            except (ZoneInfoNotFoundError, ValueError):
                r.error("unknown_time_zone", f"{where}.time_zone", f"'{time_zone}' is not an IANA time zone "
                        "such as Europe/Brussels.")
                return None
        return Country(code, eurostat, language, name, time_zone) if code and eurostat and name else None
    countries = r.entries(data, "countries", build)
    eurostat = [c.eurostat for c in countries]
    for c in countries:
        if eurostat.count(c.eurostat) > 1 or any(o.code != c.code and o.eurostat == c.code for o in countries):
            r.error("duplicate_code", "countries", f"The code '{c.eurostat}' names more than one country.")
    return countries


def _terms(r: _Reader, data: dict, key: str, cls=Term, **extra: Callable[[dict, str], Any]):
    def build(item, where):
        code, label = r.code(item, where), r.label(item, where)
        if code is None or label is None:
            return None
        values = {name: get(item, where) for name, get in extra.items()}
        return cls(code, label, **values)
    return r.entries(data, key, build)


def _age_bands(r: _Reader, data: dict, key: str = "age_bands") -> tuple[AgeBand, ...]:
    def build(item, where):
        code, low, high = item.get("code"), item.get("low"), item.get("high")
        stats, ctdc = item.get("statistics", ""), item.get("ctdc", [])
        if not (isinstance(code, str) and BAND_CODE.match(code)) or (key == "age_bands" and not (
                isinstance(stats, str) and BAND_CODE.match(stats))):
            r.error("bad_code", where, "An age band needs a code such as '25-34' or '55+' (and, in age_bands, "
                    "the statistics band it counts in).")
            return None
        if not isinstance(ctdc, list) or not all(isinstance(v, str) for v in ctdc):
            r.error("bad_value", f"{where}.ctdc", "'ctdc' lists CTDC ageBroad values, such as ['30--38'].")
            return None
        if not isinstance(low, int) or not (high is None or isinstance(high, int) and high >= low):
            r.error("bad_band", where, "An age band needs 'low' (a whole number) and 'high' (one at least as "
                    "large, or null for open-ended).")
            return None
        return AgeBand(code, low, high, stats, tuple(ctdc))
    bands = r.entries(data, key, build)
    for before, after in zip(bands, bands[1:]):
        if before.high is None or after.low != before.high + 1:
            r.error("bad_band", key, f"Band {after.code} must start the year after {before.code} ends: "
                    "the bands follow each other without gaps or overlaps.")
    return bands


def _optional(key: str, default: Any = None):
    return lambda item, where: item.get(key, default)


def _check_refs(r: _Reader, where: str, values, allowed, what: str) -> None:
    for value in values:
        if value is not None and value not in allowed:
            r.error("unknown_reference", where, f"'{value}' is not one of the {what} ({', '.join(allowed)}).")


def read_vocabulary(folder: Path) -> VocabularyResult:
    r = _Reader(folder)
    languages = _languages(r, r.read("languages.yaml"))
    if languages:
        r.languages = tuple(lang.code for lang in languages)
    for language in languages:
        unknown = sorted(set(language.name) - set(r.languages))
        if unknown:
            r.error("unknown_language", f"languages[{language.code}].name",
                    f"The name has text in {', '.join(unknown)}, which is not one of the languages.")
    countries = _countries(r, r.read("countries.yaml"))
    themes = _terms(r, r.read("themes.yaml"), "themes")
    respondents = r.read("respondents.yaml")
    citizenship = _terms(r, respondents, "citizenship_groups", CitizenshipGroup, eurostat=_optional("eurostat", ""),
                         description=lambda item, where: r.label(item, where, "description", required=False))
    age_bands = _age_bands(r, respondents)
    open_data_age_bands = _age_bands(r, respondents, "open_data_age_bands")
    education = _terms(r, respondents, "education_levels", EducationLevel,
                       isced=lambda item, where: str(item.get("isced", "")), within=_optional("within"))
    _check_refs(r, "education_levels", [e.within for e in education], [e.code for e in education], "education levels")
    exploitation = r.read("exploitation.yaml")
    groups = _terms(r, exploitation, "groups", ExploitationGroup, eurostat=_optional("eurostat", ""),
                    ctdc=_optional("ctdc", ""))
    forms = _terms(r, exploitation, "forms", ExploitationForm, group=_optional("group", ""))
    _check_refs(r, "forms", [f.group for f in forms], [g.code for g in groups], "exploitation groups")
    states = _terms(r, r.read("answers.yaml"), "answer_states", AnswerState, stored=_optional("stored"))
    status = r.read("status.yaml")
    residence = _terms(r, status, "residence_statuses", ResidenceStatus, group=_optional("group", ""))
    routes = _terms(r, status, "status_routes")
    status_groups = _terms(r, status, "residence_status_groups")
    _check_refs(r, "residence_statuses", [s.group for s in residence], [g.code for g in status_groups],
                "residence status groups")
    aspects_data = r.read("framework_aspects.yaml")
    sections = _terms(r, aspects_data, "sections")
    fw_groups = _terms(r, aspects_data, "groups")

    def aspect(item, where):
        path, label = item.get("path"), r.label(item, where)
        if not isinstance(path, str) or not all(CODE.match(p) for p in path.split(".")):
            r.error("bad_code", f"{where}.path", f"'{path}' is not a framework fact path such as 'permit.renewal'.")
            return None
        return FrameworkAspect(path, label, r.label(item, where, "long", required=False)) if label else None
    aspects = r.entries(aspects_data, "aspects", aspect, code_key="path")
    if r.problems:
        return VocabularyResult(None, r.problems)
    return VocabularyResult(Vocabulary(
        countries=countries, languages=languages, themes=themes, citizenship_groups=citizenship,
        age_bands=age_bands, open_data_age_bands=open_data_age_bands, education_levels=education, exploitation_groups=groups, exploitation_forms=forms,
        answer_states=states, framework_sections=sections, framework_groups=fw_groups, framework_aspects=aspects,
        source=str(folder), residence_statuses=residence, status_routes=routes,
        residence_status_groups=status_groups,
    ))


def vocabulary_dir() -> Path:
    """The folder the vocabulary is read from: $FIIT_VOCABULARY_DIR, else the shipped one."""
    return _folder(os.environ.get(ENV_VAR))


def _folder(configured: str | None) -> Path:
    return Path(configured).expanduser().resolve() if configured else SHIPPED_DIR


@lru_cache(maxsize=4)
def _load(configured: str | None) -> Vocabulary:
    folder = _folder(configured)
    result = read_vocabulary(folder)
    if result.vocabulary is None:
        raise VocabularyError(
            f"The study vocabulary in {folder} has problems:\n" + "\n".join(f"  {p}" for p in result.problems),
            result.problems,
        )
    return result.vocabulary


def vocabulary() -> Vocabulary:
    """The study vocabulary (read once per folder; raises VocabularyError if it has problems).

    Called wherever a list or a label is needed, so it is a dictionary look-up after the first call.
    """
    return _load(os.environ.get(ENV_VAR))
