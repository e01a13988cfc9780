"""The chapters of a report in the FIIT study's own plan.

The seed reads: aim and research question; method (teams, fieldwork, languages,
instruments, the sample and the limits of its selection); then one chapter per
theme — status; safety, protection and first psychosocial help; accommodation;
work; welfare and social assistance — each saying what the frameworks say, what
policymakers and service providers said, what victims said, and the good
practices found; then nationals, EU citizens and third-country nationals
compared; conclusions; recommendations; Annex 1 (the instruments) and Annex 2
(the country tables). A country report follows the same plan for one country.

Qualitative findings, good practices and conclusions come from the qualitative
analysis (:mod:`fiit.coding.findings`): a chapter shows what has been published
and says so when nothing has. Figures come only from the report's disclosure
context (:mod:`fiit.reports.sections`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from fiit.analysis import SUPPRESSED_SYMBOL
from fiit.frameworks.model import pick
from fiit.reports import frameworks as fw_tables
from fiit.reports import sections, status
from fiit.reports.closed_answers import closed_answer_tables
from fiit.reports.model import Paragraph, Quote, Section
from fiit.reports.texts import has, text

if TYPE_CHECKING:
    from fiit.reports.builder import Built

GROUPS_THEME = "eu_vs_third_country"     # the themes' chapter that compares the groups of victims
STATUS_THEME = "status"                  # its victims' part counts residence status (fiit.reports.status)
OVERALL_SCALE = "a_scale"                # overall integration: shown with the conclusions, not as status
PROFESSIONALS = ("policymaker", "service_provider")
INSTRUMENTS = ("policymaker", "service_provider", "victim")


def theme_codes() -> tuple[str, ...]:
    from fiit.vocabulary import vocabulary

    return vocabulary().theme_codes


# -- aim and method ---------------------------------------------------------------

def aim(b: "Built") -> Section:
    lang = b.lang
    section = Section("aim", text("sec_aim", lang))
    section.add(Paragraph(text("aim_text", lang)))
    section.add(Paragraph(text("research_question", lang), emphasis=True))
    section.add(Paragraph(text("aim_source", lang)))
    return section


def _fieldwork_lines(b: "Built") -> list[Paragraph]:
    lang, out = b.lang, []
    rows = [r for r in b.inputs.fieldwork if b.country is None or r.country == b.country]
    for country in b.countries:
        mine = [r for r in rows if r.country == country]
        if not mine:
            continue
        first = min(r.first for r in mine)
        last = max(r.last for r in mine)
        languages = sorted({r.language for r in mine})
        versions = sorted({(r.instrument, r.version) for r in mine})
        instruments = text("semicolon", lang).join(
            f"{text('instr_' + i, lang)} {v}" for i, v in versions)
        out.append(Paragraph(text("fieldwork_line", lang, country=b.country_name(country), first=first,
                                  last=last, languages=", ".join(_language_name(x, lang) for x in languages),
                                  instruments=instruments)))
    return out


def _language_name(code: str, lang: str) -> str:
    from fiit.vocabulary import vocabulary

    try:
        return vocabulary().language_name(code, lang)
    except Exception:  # a language the vocabulary does not know is shown by its code
        return code


def method(b: "Built") -> Section:
    lang = b.lang
    section = Section("method", text("sec_method", lang))
    teams = section.sub("method-fieldwork", text("sec_fieldwork", lang))
    teams.add(Paragraph(text("teams_text", lang)))
    lines = _fieldwork_lines(b)
    teams.add(*(lines or [Paragraph(text("fieldwork_none", lang))]))
    sample = section.sub("method-sample", text("sec_sample", lang))
    for block in sections.interviewed(b).blocks:
        sample.add(block)
    limits = section.sub("method-limits", text("sec_limits", lang))
    limits.add(Paragraph(text("limits_text", lang)))
    limits.add(Paragraph(text("methods_exploratory", lang), emphasis=True))
    return section


# -- findings -------------------------------------------------------------------

def published_findings(b: "Built") -> list[Any]:
    """The findings for this report's language and threshold, of its scope (comparative: all)."""
    source = b.inputs.findings
    items = list(source(b.lang, b.context.k) if callable(source) else source)
    if b.country is not None:
        items = [f for f in items if getattr(f, "country", None) == b.country]
    return sorted(items, key=lambda f: (getattr(f, "country", None) is not None, getattr(f, "country", None) or ""))


def _groups_of(finding: Any) -> set[str]:
    return {getattr(s, "group", "") for s in getattr(finding, "support", ()) or ()}


def is_professional(finding: Any) -> bool:
    """A finding raised by policymakers or service providers (a finding without support counts as theirs)."""
    groups = _groups_of(finding)
    return not groups or bool(groups & set(PROFESSIONALS))


def is_victims(finding: Any) -> bool:
    return "victim" in _groups_of(finding) and not (_groups_of(finding) & set(PROFESSIONALS))


def finding_paragraph(b: "Built", finding: Any) -> Paragraph:
    statement = finding.statement if isinstance(finding.statement, str) else pick(finding.statement, b.lang)
    where = "" if b.country is not None or finding.country is None else f"{b.country_name(finding.country)}: "
    support = text("semicolon", b.lang).join(getattr(finding, "support_text", ()) or ())
    return Paragraph(f"{where}{statement}" + (f" ({support})" if support else ""))


def _of(b: "Built", theme: str, kind: str, who) -> list[Paragraph]:
    return [finding_paragraph(b, f) for f in published_findings(b)
            if f.theme == theme and getattr(f, "kind", "finding") == kind and who(f)]


# -- the theme chapters ------------------------------------------------------------

def _quotes(b: "Built", theme: str) -> list[Quote]:
    chosen = [q for q in b.inputs.quotes if (b.country is None or q.country == b.country) and q.theme == theme]
    out = []
    for q in chosen:
        who = f"{q.instrument}_of" if has(f"{q.instrument}_of") else "victim_of"
        out.append(Quote(q.text, theme, text(who, b.lang, country=b.country_name(q.country))))
    return out


def theme_chapter(b: "Built", theme: str) -> Section:
    lang = b.lang
    chapter = Section(f"theme-{theme}", sections.theme_title(theme, lang))
    chapter.add(Paragraph(text(f"intro_{theme}", lang)))
    facts = chapter.sub(f"theme-{theme}-facts", text("framework_facts", lang))
    if b.frameworks:
        facts.add(fw_tables.theme_facts_table(theme, b.frameworks, lang))
    else:
        facts.add(Paragraph(text("no_framework", lang)))

    professionals = chapter.sub(f"theme-{theme}-professionals", text("professionals_said", lang))
    found = _of(b, theme, "finding", is_professional)
    professionals.add(*(found or [Paragraph(text("no_findings", lang))]))
    professionals.add(*closed_answer_tables(b, theme))
    if theme == "welfare":
        professionals.add(*sections.rankings(b).blocks)

    victims = chapter.sub(f"theme-{theme}-victims", text("victims_said", lang))
    victims.add(*_of(b, theme, "finding", is_victims))
    quotes = _quotes(b, theme)
    anywhere = any(b.country is None or q.country == b.country for q in b.inputs.quotes)
    victims.add(*(quotes or [Paragraph(text("no_quotes_theme" if anywhere else "no_quotes", lang))]))
    scales = sections.THEME_SCALES.get(theme, ())
    if theme == STATUS_THEME:
        victims.add(*status.status_blocks(b))  # their status and time since identification, not a scale
    elif not scales:
        victims.add(Paragraph(text("no_scale_for_theme", lang)))
    for question_id in scales:
        victims.add(sections.scale_lines(b, question_id))
        victims.add(sections.scale_figure(b, question_id))

    practices = chapter.sub(f"theme-{theme}-practices", text("good_practices", lang))
    good = _of(b, theme, "good_practice", lambda f: True)
    practices.add(*(good or [Paragraph(text("no_good_practices", lang))]))
    return chapter


def theme_chapters(b: "Built") -> list[Section]:
    return [theme_chapter(b, t) for t in theme_codes() if t != GROUPS_THEME]


# -- groups compared, conclusions ---------------------------------------------------

def mostly_one_country(b: "Built", group: str) -> str | None:
    """The country that holds 80% or more of a citizenship group's published victims, if any."""
    table = b.tables.get("victim/citizenship")
    if table is None or group not in table.columns or b.country is not None:
        return None
    counts = {}
    for c in table.rows:
        cell = table.cell(c, group)
        if cell.value is None:
            return None  # a withheld cell: the share cannot be said without hinting at it
        counts[c] = cell.value
    total = sum(counts.values())
    top = max(counts, key=counts.get) if counts else None
    return top if total and counts[top] >= 0.8 * total else None


def groups_compared(b: "Built") -> Section:
    lang = b.lang
    chapter = Section("groups", text("sec_groups", lang))
    chapter.add(Paragraph(text(f"intro_{GROUPS_THEME}", lang)))
    if b.frameworks:
        chapter.add(fw_tables.theme_facts_table(GROUPS_THEME, b.frameworks, lang))
    chapter.add(*sections.citizenship_table(b))
    for group in ("national", "eu", "third_country"):
        country = mostly_one_country(b, group)
        if country:
            chapter.add(Paragraph(text("group_one_country", lang, group=sections.label(f"citizenship={group}", lang),
                                       country=b.country_name(country)), emphasis=True))
    chapter.add(*_of(b, GROUPS_THEME, "finding", lambda f: True))
    chapter.add(*_quotes(b, GROUPS_THEME))
    chapter.add(*_of(b, GROUPS_THEME, "good_practice", lambda f: True))
    return chapter


def conclusions(b: "Built") -> Section:
    lang = b.lang
    chapter = Section("conclusions", text("sec_conclusions", lang))
    found, order = [], {t: i for i, t in enumerate(theme_codes())}
    for f in sorted((f for f in published_findings(b) if getattr(f, "kind", "") == "conclusion"),
                    key=lambda f: order.get(f.theme, len(order))):
        para = finding_paragraph(b, f)
        found.append(Paragraph(f"{sections.theme_title(f.theme, lang)} — {para.text}"))
    chapter.add(*(found or [Paragraph(text("no_conclusions", lang))]))
    overall = chapter.sub("conclusions-overall", text("overall_rating", lang))
    overall.add(sections.scale_lines(b, OVERALL_SCALE))
    overall.add(sections.scale_figure(b, OVERALL_SCALE))
    general = [q for q in b.inputs.quotes if (b.country is None or q.country == b.country)
               and q.theme not in theme_codes()]
    for q in general:
        who = f"{q.instrument}_of" if has(f"{q.instrument}_of") else "victim_of"
        chapter.add(Quote(q.text, "general", text(who, lang, country=b.country_name(q.country))))
    return chapter


# -- annexes ---------------------------------------------------------------------------

def annex_instruments(b: "Built") -> Section:
    """Annex 1: the three instruments, with the versions the interviews were held on."""
    from fiit.instruments import get_instrument

    lang = b.lang
    annex = Section("annex-instruments", text("sec_annex_instruments", lang))
    annex.add(Paragraph(text("annex_instruments_intro", lang)))
    used: dict[str, set[str]] = {}
    for r in b.inputs.fieldwork:
        if b.country is None or r.country == b.country:
            used.setdefault(r.instrument, set()).add(r.version)
    for instrument_id in INSTRUMENTS:
        instrument = get_instrument(instrument_id)
        sub = annex.sub(f"annex-instrument-{instrument_id}", pick(instrument.title, lang))
        versions = ", ".join(sorted(used.get(instrument_id, set()))) or SUPPRESSED_SYMBOL
        sub.add(Paragraph(text("instrument_versions", lang, current=instrument.version, used=versions,
                               questions=len(list(instrument.questions())))))
        for s in instrument.sections:
            numbers = [q.number for q in s.questions if q.number]
            span = f" ({numbers[0]}–{numbers[-1]})" if len(numbers) > 1 else ""
            sub.add(Paragraph(f"{s.number + '. ' if s.number else ''}{pick(s.title, lang)}{span}"))
    return annex


def annex_frameworks(b: "Built") -> Section:
    section = fw_tables.frameworks_section(b.frameworks, b.lang)
    section.title = text("sec_annex_frameworks", b.lang)
    return section


def seed_plan(b: "Built", public: bool) -> list[Section]:
    """Every chapter of the report, in the seed's order."""
    methods = sections.methods(b, public)
    methods.title = text("sec_annex_methods", b.lang)
    return [aim(b), method(b), *theme_chapters(b), groups_compared(b), conclusions(b),
            sections.recommendations(b), annex_instruments(b), annex_frameworks(b), methods]


def plan_ids(theme_list: Sequence[str]) -> list[str]:
    """The ids of the chapters and theme sub-sections in order (what the heading test checks)."""
    out = ["aim", "method", "method-fieldwork", "method-sample", "method-limits"]
    for t in theme_list:
        if t == GROUPS_THEME:
            continue
        out += [f"theme-{t}", f"theme-{t}-facts", f"theme-{t}-professionals", f"theme-{t}-victims",
                f"theme-{t}-practices"]
    return out + ["groups", "conclusions", "recommendations", "annex-instruments", "frameworks", "methods"]
