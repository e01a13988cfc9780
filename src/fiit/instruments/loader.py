"""Load an instrument file, checking it, and report problems as data.

``load_instrument_file`` never raises for bad content: it returns a
:class:`LoadResult` whose report lists every problem with the file, the
question id and a plain sentence. The built-in instruments and their released
versions are found in :mod:`fiit.instruments.registry`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

# The C-accelerated safe loader where libyaml is available (it is on PyPI wheels).
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

from fiit.problems.errors import FiitError
from fiit.instruments import conditions
from fiit.instruments.model import (
    CHOICE_TYPES,
    DECLINED,
    QUESTION_TYPES,
    SCALE_IDS,
    THEMES,
    Instrument,
    Option,
    Question,
    Section,
)
from fiit.problems import Problem, Report
from fiit.vocabulary import vocabulary

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")
REQUIRED_LANGUAGES = vocabulary().required_languages

TOP_KEYS = {"id", "version", "languages", "title", "intro", "source", "notes", "sections"}
SECTION_KEYS = {"id", "number", "title", "intro", "questions"}
QUESTION_KEYS = {
    "id", "number", "type", "text", "hint", "required", "identifying", "declinable", "relevant", "theme",
    "options", "min", "max", "anchors", "scale_id", "choices_from", "min_ranked", "note", "options_from", "open_data",
}
OPTION_KEYS = {"value", "label", "countries", "available_in"}


class InstrumentError(FiitError):
    """A built-in instrument could not be loaded."""

    code = "instrument"
    server_side = True


@dataclass
class LoadResult:
    instrument: Instrument | None
    report: Report

    @property
    def problems(self) -> list[Problem]:
        return self.report.problems

    @property
    def valid(self) -> bool:
        return self.instrument is not None and self.report.valid


class _Checker:
    """Collects problems while building an Instrument from plain data."""

    def __init__(self, file: str):
        self.file = file
        self.report = Report()
        self.languages: tuple[str, ...] = ()

    def error(self, code: str, message: str, question_id: str | None = None) -> None:
        self.report.add(Problem(code=code, message=message, question_id=question_id, file=self.file))

    def warn(self, code: str, message: str, question_id: str | None = None) -> None:
        self.report.add(
            Problem(code=code, message=message, question_id=question_id, file=self.file, severity="warning")
        )

    # -- texts -------------------------------------------------------------------------
    def text(self, value: Any, what: str, question_id: str | None = None, required: bool = True):
        if value is None:
            if required:
                self.error("missing_text", f"{what} has no text.", question_id)
            return None
        if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
            hint = ""
            if isinstance(value, Mapping) and any(isinstance(v, bool) for v in value.values()):
                hint = " YAML reads an unquoted Yes, No, On or Off as true/false: put such a text in quotes."
            self.error(
                "bad_text",
                f"{what} must give one text per language, such as {{en: ..., nl: ...}}.{hint}",
                question_id,
            )
            return None
        for lang in self.languages:
            if not str(value.get(lang) or "").strip():
                self.error(
                    "missing_translation",
                    f"{what} has no '{lang}' translation, though the instrument lists '{lang}' among its languages.",
                    question_id,
                )
        extra = sorted(set(value) - set(self.languages))
        if extra and self.languages:
            self.warn(
                "extra_translation",
                f"{what} has text in {', '.join(extra)}, which the instrument does not list in its languages.",
                question_id,
            )
        return dict(value)

    def unknown_keys(self, data: Mapping, allowed: set[str], what: str, question_id: str | None = None):
        for key in sorted(set(data) - allowed):
            self.error("unknown_key", f"{what} has an unknown key '{key}'.", question_id)

    # -- structure ---------------------------------------------------------------------
    def instrument(self, data: Any) -> Instrument | None:
        if not isinstance(data, Mapping):
            self.error("not_a_mapping", "The file must describe one instrument: a mapping with id, version, languages and sections.")
            return None
        self.unknown_keys(data, TOP_KEYS, "The instrument")
        inst_id = data.get("id")
        if not isinstance(inst_id, str) or not ID_PATTERN.match(inst_id):
            self.error("bad_id", "The instrument id must be lowercase letters, digits and underscores, starting with a letter.")
        version = str(data.get("version") or "")
        if not VERSION_PATTERN.match(version):
            self.error("bad_version", f"The instrument version '{version}' must look like 1.0.0.")
        languages = data.get("languages")
        if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages) or not languages:
            self.error("bad_languages", "The instrument must list its languages, such as [en, nl].")
            languages = []
        self.languages = tuple(languages)
        for lang in REQUIRED_LANGUAGES:
            if languages and lang not in languages:
                self.error("missing_language", f"Every instrument must be available in '{lang}'.")
        title = self.text(data.get("title"), "The instrument title")
        intro = self.text(data.get("intro"), "The instrument introduction", required=False)
        notes = self.text(data.get("notes"), "The instrument notes", required=False)
        sections_data = data.get("sections")
        if not isinstance(sections_data, list) or not sections_data:
            self.error("no_sections", "The instrument has no sections.")
            sections_data = []
        seen_ids: dict[str, str] = {}
        seen_sections: set[str] = set()
        sections = []
        for index, section_data in enumerate(sections_data, start=1):
            section = self.section(section_data, index, seen_ids, seen_sections)
            if section is not None:
                sections.append(section)
        earlier: dict[str, Question] = {}
        for section in sections:
            for question in section.questions:
                self.check_relations(question, earlier)
                earlier[question.id] = question
        if not self.report.valid:
            return None
        return Instrument(
            id=inst_id,
            version=version,
            languages=self.languages,
            title=title or {},
            intro=intro,
            source=str(data.get("source") or ""),
            notes=notes,
            sections=tuple(sections),
            raw=data,
        )

    def section(self, data: Any, index: int, seen_ids: dict, seen_sections: set) -> Section | None:
        if not isinstance(data, Mapping):
            self.error("bad_section", f"Section {index} must be a mapping with id, title and questions.")
            return None
        section_id = data.get("id")
        what = f"Section '{section_id}'" if section_id else f"Section {index}"
        self.unknown_keys(data, SECTION_KEYS, what)
        if not isinstance(section_id, str) or not ID_PATTERN.match(section_id):
            self.error("bad_id", f"{what} needs an id of lowercase letters, digits and underscores.")
        elif section_id in seen_sections:
            self.error("duplicate_id", f"Section id '{section_id}' is used twice.")
        seen_sections.add(str(section_id))
        title = self.text(data.get("title"), f"{what} title")
        intro = self.text(data.get("intro"), f"{what} introduction", required=False)
        questions = []
        for q_index, q_data in enumerate(data.get("questions") or [], start=1):
            question = self.question(q_data, f"{what}, question {q_index}", str(section_id), seen_ids)
            if question is not None:
                questions.append(question)
        if not questions:
            self.error("empty_section", f"{what} has no questions.")
        return Section(
            id=str(section_id),
            title=title or {},
            number=str(data.get("number") or ""),
            intro=intro,
            questions=tuple(questions),
        )

    def question(self, data: Any, where: str, section_id: str, seen_ids: dict) -> Question | None:
        if not isinstance(data, Mapping):
            self.error("bad_question", f"{where} must be a mapping with id, type and text.")
            return None
        qid = data.get("id")
        if not isinstance(qid, str) or not ID_PATTERN.match(qid):
            self.error("bad_id", f"{where} needs an id of lowercase letters, digits and underscores, starting with a letter.")
            return None
        if qid in seen_ids:
            self.error("duplicate_id", f"Question id '{qid}' is used twice (also in {seen_ids[qid]}).", qid)
            return None
        seen_ids[qid] = where
        what = f"Question '{qid}'"
        self.unknown_keys(data, QUESTION_KEYS, what, qid)
        qtype = data.get("type")
        if qtype not in QUESTION_TYPES:
            self.error(
                "unknown_type",
                f"{what} has type '{qtype}', which fiit does not know; use one of {', '.join(QUESTION_TYPES)}.",
                qid,
            )
            return None
        text = self.text(data.get("text"), what, qid)
        hint = self.text(data.get("hint"), f"{what} hint", qid, required=False)
        theme = tuple(data.get("theme") or ())
        for t in theme:
            if t not in THEMES:
                self.error("unknown_theme", f"{what} names theme '{t}'; themes are {', '.join(THEMES)}.", qid)
        note = self.text(data.get("note"), f"{what} note", qid, required=False)
        options_from = data.get("options_from")
        if options_from is not None:
            options = self.vocabulary_options(options_from, data.get("options"), qtype, what, qid)
        else:
            options = self.options(data.get("options"), qtype, what, qid)
        anchors = None
        scale_id = data.get("scale_id")
        qmin, qmax = data.get("min"), data.get("max")
        if qtype == "scale":
            if qmin is None:
                qmin = 1
            if qmax is None:
                qmax = 10
            if (qmin, qmax) != (1, 10):
                self.error("bad_scale", f"{what} is a FIIT satisfaction scale and must run from 1 to 10.", qid)
            raw_anchors = data.get("anchors")
            if not isinstance(raw_anchors, Mapping) or set(raw_anchors) != {"low", "high"}:
                self.error("bad_anchors", f"{what} needs labelled ends: anchors with 'low' and 'high'.", qid)
            else:
                anchors = {
                    "low": self.text(raw_anchors["low"], f"{what} low anchor", qid),
                    "high": self.text(raw_anchors["high"], f"{what} high anchor", qid),
                }
            if scale_id is not None and scale_id not in SCALE_IDS:
                self.error("bad_scale_id", f"{what} names scale '{scale_id}'; scales are {', '.join(SCALE_IDS)}.", qid)
        elif qtype == "integer":
            for bound, value in (("min", qmin), ("max", qmax)):
                if value is not None and not isinstance(value, int):
                    self.error("bad_bound", f"{what} has a {bound} that is not a whole number.", qid)
            if isinstance(qmin, int) and isinstance(qmax, int) and qmin > qmax:
                self.error("bad_bound", f"{what} has min {qmin} above max {qmax}.", qid)
        elif qtype == "date":
            qmin, qmax = self.date_bound(qmin, what, "min", qid), self.date_bound(qmax, what, "max", qid)
        relevant = data.get("relevant")
        if relevant is not None:
            for message in conditions.shape_errors(relevant):
                self.error("bad_condition", f"{what} has a relevance condition that cannot be read: {message}.", qid)
        required = data.get("required", False)
        identifying = data.get("identifying", False)
        # Every question can be declined. 'declinable' is the flag of instrument files before that rule
        # (victim 1.1.0 and the definitions stored with its interviews): still read, and it changes nothing.
        declinable = data.get("declinable", True)
        open_data = data.get("open_data", True)
        for flag, value in (("required", required), ("identifying", identifying), ("declinable", declinable),
                            ("open_data", open_data)):
            if not isinstance(value, bool):
                self.error("bad_flag", f"{what}: '{flag}' must be true or false.", qid)
        if declinable is False:
            self.error("bad_flag", f"{what}: every question can be declined; remove 'declinable: false'.", qid)
        if any(o.value == DECLINED for o in options):
            self.error(
                "bad_option",
                f"{what} cannot offer an option '{DECLINED}': every question can be declined, and that is how a "
                "declined answer is stored.",
                qid,
            )
        min_ranked = data.get("min_ranked", 1)
        if not isinstance(min_ranked, int) or min_ranked < 1:
            self.error("bad_bound", f"{what}: min_ranked must be a whole number of at least 1.", qid)
            min_ranked = 1
        return Question(
            id=qid,
            type=qtype,
            text=text or {},
            number=str(data.get("number") or ""),
            hint=hint,
            required=bool(required),
            identifying=bool(identifying),
            declinable=True,
            relevant=relevant,
            theme=theme,
            options=options,
            min=qmin,
            max=qmax,
            anchors=anchors,
            scale_id=scale_id,
            choices_from=data.get("choices_from"),
            min_ranked=min_ranked,
            section_id=section_id,
            note=note,
            options_from=options_from if isinstance(options_from, str) else None,
            open_data=open_data is not False,
        )

    def date_bound(self, value: Any, what: str, bound: str, qid: str):
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.error("bad_bound", f"{what} has a {bound} date '{value}' that is not YYYY-MM-DD.", qid)
            return None

    def vocabulary_options(self, name: Any, data: Any, qtype: str, what: str, qid: str) -> tuple[Option, ...]:
        """The options of a closed list of the study vocabulary (``options_from: residence_statuses``)."""
        lists = vocabulary().CLOSED_LISTS
        if qtype not in CHOICE_TYPES:
            self.error("unexpected_options", f"{what} is of type {qtype} and cannot take options from a list.", qid)
            return ()
        if data:
            self.error("bad_option", f"{what} gives both options and options_from; keep one.", qid)
            return ()
        if name not in lists:
            self.error("bad_option", f"{what} takes its options from '{name}'; the vocabulary's lists are "
                       f"{', '.join(lists)}.", qid)
            return ()
        return tuple(Option(value=term.code, label=dict(term.label)) for term in vocabulary().closed_list(name))

    def options(self, data: Any, qtype: str, what: str, qid: str) -> tuple[Option, ...]:
        if qtype not in CHOICE_TYPES:
            if data:
                self.error("unexpected_options", f"{what} is of type {qtype} and cannot have options.", qid)
            return ()
        if not isinstance(data, list) or not data:
            self.error("no_options", f"{what} is a choice question but lists no options.", qid)
            return ()
        options = []
        seen: set[str] = set()
        for item in data:
            if not isinstance(item, Mapping):
                self.error("bad_option", f"{what} has an option that is not a mapping with value and label.", qid)
                continue
            self.unknown_keys(item, OPTION_KEYS, f"{what}, an option", qid)
            value = item.get("value")
            if not isinstance(value, str) or not ID_PATTERN.match(value):
                self.error("bad_option", f"{what} has an option value '{value}' that is not lowercase letters, digits and underscores.", qid)
                continue
            if value in seen:
                self.error("duplicate_option", f"{what} lists option '{value}' twice.", qid)
                continue
            seen.add(value)
            label = self.text(item.get("label"), f"{what}, option '{value}'", qid)
            countries = tuple(item.get("countries") or ())
            available_in = tuple(item.get("available_in") or ())
            for code in countries + available_in:
                if not (isinstance(code, str) and len(code) == 2 and code.isupper()):
                    self.error("bad_country", f"{what}, option '{value}': '{code}' is not a two-letter country code such as BE.", qid)
            options.append(Option(value=value, label=label or {}, countries=countries, available_in=available_in))
        return tuple(options)

    def check_relations(self, question: Question, earlier: Mapping[str, Question]) -> None:
        what = f"Question '{question.id}'"
        if question.relevant and not conditions.shape_errors(question.relevant):
            for ref in conditions.referenced_questions(question.relevant):
                if ref == question.id:
                    self.error("bad_condition", f"{what} is made relevant by its own answer.", question.id)
                elif ref not in earlier:
                    self.error(
                        "unknown_condition_question",
                        f"{what} depends on question '{ref}', which does not come before it in the instrument.",
                        question.id,
                    )
            self.check_condition_values(question, question.relevant, earlier)
        if question.choices_from:
            source = earlier.get(question.choices_from)
            if source is None or source.type != "multiple_choice":
                self.error(
                    "bad_choices_from",
                    f"{what} takes its choices from '{question.choices_from}', which must be an earlier multiple-choice question.",
                    question.id,
                )
            elif {o.value for o in question.options} - {o.value for o in source.options}:
                self.error("bad_choices_from", f"{what} has options that '{source.id}' does not offer.", question.id)

    def check_condition_values(self, question: Question, cond: Mapping, earlier: Mapping[str, Question]):
        for part in cond.get("all") or cond.get("any") or ():
            self.check_condition_values(question, part, earlier)
        if "not" in cond:
            self.check_condition_values(question, cond["not"], earlier)
        ref = earlier.get(cond.get("question", ""))
        if ref is None:
            return
        for key in ("equals", "includes"):
            if key in cond and ref.options and cond[key] not in ref.option_values():
                self.error(
                    "bad_condition",
                    f"Question '{question.id}' depends on '{ref.id}' being '{cond[key]}', which is not one of its options.",
                    question.id,
                )


def load_instrument_data(data: Any, file: str = "<data>") -> LoadResult:
    checker = _Checker(file)
    instrument = checker.instrument(data)
    return LoadResult(instrument=instrument, report=checker.report)


def load_instrument_text(text: str, file: str = "<text>") -> LoadResult:
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        report = Report([Problem(code="not_yaml", message=f"The file is not valid YAML{where}.", file=file)])
        return LoadResult(instrument=None, report=report)
    return load_instrument_data(data, file)


def load_instrument_file(path: str | Path) -> LoadResult:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        report = Report([Problem(code="not_utf8", message="The file is not UTF-8 text.", file=str(path))])
        return LoadResult(instrument=None, report=report)
    except OSError as exc:
        report = Report([Problem(code="unreadable", message=f"The file cannot be read: {exc.strerror}.", file=str(path))])
        return LoadResult(instrument=None, report=report)
    return load_instrument_text(text, str(path))
