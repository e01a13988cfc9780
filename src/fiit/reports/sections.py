"""The sections of a report, in the order of the FIIT report.

Each function takes the shared :class:`~fiit.reports.builder.Built` state and
returns one :class:`~fiit.reports.model.Section`. Interview figures come only
from the protected statistics and tables of the report's disclosure context.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from fiit.analysis import SUPPRESSED_SYMBOL, ProtectedTable
from fiit.analysis.design import RANKING_QUESTION
from fiit.analysis.scales import victim_scales as _victim_scales
from fiit.frameworks.model import pick
from fiit.reports import frameworks as fw_tables
from fiit.reports.charts import IntervalRow, interval_chart
from fiit.reports.model import Chart, Evidence, Figure, Paragraph, Quote, Recommendation, Section, TableBlock
from fiit.reports.texts import has, number, p_value, text
from fiit.vocabulary import vocabulary

if TYPE_CHECKING:
    from fiit.reports.builder import Built

THEMES = vocabulary().theme_codes


def title_in_sentence(title: str, lang: str) -> str:
    """A title inside a sentence: lowercased where the language does so (the vocabulary says)."""
    try:
        lower = vocabulary().language(lang).title_in_sentence == "lower"
    except KeyError:
        lower = False
    return title[:1].lower() + title[1:] if lower else title


def theme_title(theme: str, lang: str) -> str:
    """A theme's name from the study vocabulary; "General" for quotes filed under no theme of it."""
    return vocabulary().theme_label(theme, lang) if theme in THEMES else text("theme_general", lang)
# The victims' scale of each theme. Status has none: its chapter counts residence status and the time since
# identification (fiit.reports.status); the overall-integration scale goes with the conclusions.
THEME_SCALES = {"status": (), "safety": ("c_scale",), "accommodation": (),
                "work": ("e_scale",), "welfare": ("b_scale", "d_scale", "f_scale")}
GROUP_ORDER = ("gender", "exploitation", "citizenship")
INSTRUMENTS = ("policymaker", "service_provider", "victim")


@lru_cache(maxsize=None)
def _service_labels() -> dict[str, dict[str, str]]:
    from fiit.instruments import get_instrument

    return {o.value: dict(o.label) for o in get_instrument("service_provider").question("q12").options}


@lru_cache(maxsize=None)
def _scales() -> tuple[str, ...]:
    return tuple(_victim_scales())


def victim_scales() -> tuple[str, ...]:
    """The victim scale questions in interview order (read once per process)."""
    return _scales()


def label(key: str | None, lang: str) -> str:
    """The name of a group ("citizenship=eu"): the study vocabulary's for citizenship and exploitation."""
    if key is None:
        return text("total", lang)
    grouping, _eq, code = key.partition("=")
    terms = {"citizenship": vocabulary().citizenship_groups, "exploitation": vocabulary().exploitation_groups}
    for term in terms.get(grouping, ()):
        if term.code == code:
            return term.label_in(lang)
    return text(key, lang) if has(key) else key.split("=", 1)[-1].replace("_", " ")


# -- who was interviewed -------------------------------------------------------

def protected_table_block(b: "Built", table: ProtectedTable, id: str, caption: str,
                          column_label) -> TableBlock:
    lang = b.lang
    header = (text("country", lang), *[column_label(c) for c in table.columns], text("total", lang))
    rows = []
    for r in table.rows:
        rows.append((b.country_name(r), *[table.cell(r, c).text() for c in table.columns],
                     table.cell(r, None).text()))
    if len(table.rows) > 1:
        rows.append((text("total", lang), *[table.cell(None, c).text() for c in table.columns],
                     table.cell(None, None).text()))
    note = text("disclosure_line", lang, k=table.k, symbol=SUPPRESSED_SYMBOL) if table.suppressed_count else ""
    return TableBlock(id, caption, header, tuple(rows), source=text("src_interviews", lang), note=note,
                      total_row=len(table.rows) > 1)


def interviewed(b: "Built") -> Section:
    lang = b.lang
    section = Section("interviewed", text("sec_interviewed", lang))
    section.add(Paragraph(text("interviews_intro", lang)))
    if "interviews" in b.tables:
        section.add(protected_table_block(b, b.tables["interviews"], "tab-interviews", text("cap_interviews", lang),
                                          lambda c: text(f"instr_{c}", lang) if has(f"instr_{c}") else c))
    for grouping in GROUP_ORDER:
        table = b.tables.get(f"victim/{grouping}")
        if table is not None:
            section.add(protected_table_block(
                b, table, f"tab-victims-{grouping}",
                text("cap_victims_by", lang, grouping=text(f"grouping_{grouping}", lang)),
                lambda c, g=grouping: label("not_stated" if c == "not_stated" else f"{g}={c}", lang)))
    return section


# -- frameworks -------------------------------------------------------------------

def frameworks(b: "Built") -> Section:
    return fw_tables.frameworks_section(b.frameworks, b.lang)


# -- scales -------------------------------------------------------------------------

def scale_title(question_id: str, lang: str) -> str:
    key = f"scale_{question_id}"
    return text(key, lang) if has(key) else question_id


def scopes(b: "Built") -> list[tuple[str, str | None, str | None]]:
    """(label, country, group) rows of a scale chart: countries, or groups within the one country."""
    if b.country is None:
        return [(b.country_name(None), None, None)] + [(b.country_name(c), c, None) for c in b.countries]
    out = [(text("everyone", b.lang), b.country, None)]
    for s in b.stats["scales"]:
        if s["country"] == b.country and s["group"] and s["question_id"] == "a_scale" \
                and s["group"].split("=")[0] in GROUP_ORDER:
            out.append((label(s["group"], b.lang), b.country, s["group"]))
    return out


def chart_mark(b: "Built") -> str:
    """The synthetic-data notice drawn inside every chart of a synthetic study ("" for real data)."""
    return text("synthetic_notice", b.lang) if b.inputs.synthetic else ""


def interval_rows(b: "Built", question_id: str) -> list[IntervalRow]:
    """Rows of a scale chart. Fewer than ten answers: the answers themselves as dots, not a mean and interval.
    All countries: the respondent-weighted mean, then the country-balanced one (each country counts once)."""
    rows = []
    for name, country, group in scopes(b):
        s = b.scale(question_id, country, group)
        if s is None or s["suppressed"]:
            rows.append(IntervalRow(name, None, None, None, text("withheld", b.lang)))
        elif s["mean"] is None:
            rows.append(IntervalRow(name, None, None, None, text("no_answers", b.lang)))
        elif s.get("exploratory") and s.get("distribution"):
            rows.append(IntervalRow(f"{name} (n = {s['n']})", s["mean"], None, None,
                                    distribution=tuple(s["distribution"])))
        elif country is None and group is None and s.get("balanced_mean") is not None:
            rows.append(IntervalRow(f"{text('all_weighted', b.lang)} (n = {s['n']})", s["mean"], s["ci_low"],
                                    s["ci_high"]))
            rows.append(IntervalRow(text("all_balanced", b.lang), s["balanced_mean"], s.get("balanced_ci_low"),
                                    s.get("balanced_ci_high")))
        else:
            rows.append(IntervalRow(f"{name} (n = {s['n']})", s["mean"], s["ci_low"], s["ci_high"]))
    return rows


def scale_figure(b: "Built", question_id: str) -> Figure:
    lang = b.lang
    rows = interval_rows(b, question_id)
    title = scale_title(question_id, lang)
    colon, semicolon = text("colon", lang), text("semicolon", lang)
    details = semicolon.join(f"{r.label}{colon}" + (number(r.mean, lang) if r.mean is not None else r.note) for r in rows)
    withheld = sum(1 for r in rows if r.mean is None and r.note == text("withheld", lang))
    return Figure(
        f"fig-{question_id}", text("cap_scale", lang, scale=title_in_sentence(title, lang)),
        text("alt_scale", lang, scale=title, details=details),
        Chart(lambda fmt, rows=rows, mark=chart_mark(b): interval_chart(rows, (fmt,), mark=mark)[fmt]),
        note=" ".join(x for x in (
            text("disclosure_line", lang, k=b.context.k, symbol=SUPPRESSED_SYMBOL) if withheld else "",
            text("dots_note", lang) if any(r.distribution for r in rows) else "") if x),
        source=text("src_interviews", lang))


def scale_cell(s: dict | None, lang: str) -> str:
    if s is None or s["suppressed"]:
        return SUPPRESSED_SYMBOL
    if s["mean"] is None:
        return "n = 0"
    ci = f" [{number(s['ci_low'], lang)}–{number(s['ci_high'], lang)}]" if s["ci_low"] is not None else ""
    return f"{number(s['mean'], lang)}{ci} ({s['n']})"


def scale_table(b: "Built", id: str, caption: str, columns: Sequence[tuple[str, str | None, str | None]]
                ) -> TableBlock:
    lang = b.lang
    rows = tuple((scale_title(q, lang), *[scale_cell(b.scale(q, c, g), lang) for _, c, g in columns])
                 for q in victim_scales())
    return TableBlock(id, caption, (text("scale", lang), *[name for name, _, _ in columns]), rows,
                      source=text("src_interviews", lang),
                      note=text("disclosure_line", lang, k=b.context.k, symbol=SUPPRESSED_SYMBOL))


def scales(b: "Built") -> Section:
    lang = b.lang
    section = Section("scales", text("sec_scales", lang))
    section.add(Paragraph(text("scales_intro", lang)))
    if not b.stats["scales"]:
        return section
    columns = scopes(b) if b.country is None else scopes(b)[:1]
    section.add(scale_table(b, "tab-scales", text("cap_scale_table", lang), columns))
    for question_id in victim_scales():
        section.add(scale_figure(b, question_id))
    return section


def scale_lines(b: "Built", question_id: str) -> Paragraph:
    """One paragraph: the scale's mean, interval and n in each scope (or withheld)."""
    lang, parts = b.lang, []
    for name, country, group in (scopes(b) if b.country is None else scopes(b)[:1]):
        s = b.scale(question_id, country, group)
        if s is None or s["suppressed"] or s["mean"] is None:
            parts.append(text("scale_line_withheld", lang, scope=name))
        elif s.get("exploratory") and s.get("distribution"):
            parts.append(text("scale_line_dots", lang, scope=name, n=s["n"]))
        elif country is None and group is None and s.get("balanced_mean") is not None:
            parts.append(text("scale_line", lang, scope=text("all_weighted", lang), mean=number(s["mean"], lang),
                              low=number(s["ci_low"], lang), high=number(s["ci_high"], lang), n=s["n"]))
            parts.append(text("scale_line_balanced", lang, mean=number(s["balanced_mean"], lang),
                              low=number(s.get("balanced_ci_low"), lang), high=number(s.get("balanced_ci_high"), lang),
                              countries=len(s.get("balanced_countries") or ())))
        else:
            parts.append(text("scale_line", lang, scope=name, mean=number(s["mean"], lang),
                              low=number(s["ci_low"], lang), high=number(s["ci_high"], lang), n=s["n"]))
    return Paragraph(f"{scale_title(question_id, lang)}{text('colon', lang)}" + text("semicolon", lang).join(parts) + ".",
                     ref=f"fig-{question_id}")


# -- themes ---------------------------------------------------------------------

def citizenship_table(b: "Built") -> list:
    """Victims' scales by citizenship group (means, intervals, n): no test result, which is in the methods annex."""
    lang, country = b.lang, b.country
    groups = [g for g in ("citizenship=national", "citizenship=eu", "citizenship=third_country")
              if any(s["group"] == g and s["country"] == country for s in b.stats["scales"])]
    if not groups:
        return []
    return [scale_table(b, "tab-citizenship", text("cap_citizenship", lang),
                        [(label(g, lang), country, g) for g in groups])]


def comparison_lines(b: "Built") -> list[str]:
    """Every group comparison's test, for the methods annex only (never in a theme's text)."""
    lang, lines = b.lang, []
    for c in b.stats["comparisons"]:
        if c["suppressed"] or c["p_value"] is None:
            continue
        lines.append(text("comparison_line", lang, scale=scale_title(c["question_id"], lang),
                          scope=f"{b.scope_name(c['country'])}, {text('grouping_' + c['grouping'], lang)}"
                          if has("grouping_" + c["grouping"]) else b.scope_name(c["country"]),
                          test=text(f"test_{c['test']}", lang), p=p_value(c["p_value"], lang),
                          effect=f"{text('effect_' + c['effect_size_name'], lang)} {number(c['effect_size'], lang, 2)}"))
    return lines


def citizenship_block(b: "Built") -> list:
    """The citizenship table (kept for callers of the former plan)."""
    return citizenship_table(b)


def themes(b: "Built") -> Section:
    lang = b.lang
    section = Section("themes", text("sec_themes", lang))
    for theme in THEMES:
        sub = section.sub(f"theme-{theme}", theme_title(theme, lang))
        if has(f"intro_{theme}"):  # a theme added to the vocabulary later has no introduction yet
            sub.add(Paragraph(text(f"intro_{theme}", lang)))
        if b.frameworks:
            facts = sub.sub(f"theme-{theme}-facts", text("framework_facts", lang))
            facts.add(fw_tables.theme_facts_table(theme, b.frameworks, lang))
        results = sub.sub(f"theme-{theme}-scales", text("scale_results", lang))
        if theme == "eu_vs_third_country":
            results.add(*citizenship_block(b))
            continue
        if not THEME_SCALES[theme]:
            results.add(Paragraph(text("no_scale_for_theme", lang)))
        for question_id in THEME_SCALES[theme]:
            results.add(scale_lines(b, question_id))
    return section


# -- rankings ---------------------------------------------------------------------

def service_label(item: str, lang: str) -> str:
    labels = _service_labels().get(item)
    return pick(labels, lang) if labels else item


def ranking_figure(items: Sequence[dict], scope: str, lang: str, mark: str = "") -> Figure:
    """The services by mean rank, most important at the top, as dots on the scale of ranks."""
    rows = [IntervalRow(service_label(i["item"], lang), i["mean_rank"], None, None) for i in items]
    details = text("semicolon", lang).join(f"{r.label}{text('colon', lang)}{number(r.mean, lang, 2)}" for r in rows)
    return Figure("fig-ranking", text("cap_ranking_chart", lang, scope=scope),
                  text("alt_ranking", lang, scope=scope, details=details),
                  Chart(lambda fmt, rows=rows: interval_chart(rows, (fmt,), xlabel=text("rank_axis", lang),
                                                              lo=1, hi=max(len(rows), 2), mark=mark)[fmt]),
                  source=text("src_interviews", lang))


def rankings(b: "Built") -> Section:
    lang = b.lang
    section = Section("rankings", text("sec_rankings", lang))
    section.add(Paragraph(text("rankings_intro", lang)))
    by_country = {r["country"]: r for r in b.stats["rankings"]}
    main = by_country.get(None) if b.country is None else by_country.get(b.country)
    if main is None:
        return section
    scope = b.scope_name(b.country)
    if main["suppressed"]:
        section.add(Paragraph(text("ranking_withheld", lang)))
    else:
        rows = tuple((str(i["position"]), service_label(i["item"], lang), number(i["mean_rank"], lang, 2),
                      str(i["borda"]),
                      str(i["offered_to"]) if i.get("offered_to") is not None else str(main["n_raters"]))
                     for i in main["items"])
        w = number(main["kendall_w"], lang, 2) if main["kendall_w"] is not None else "–"
        section.add(TableBlock("tab-ranking", text("cap_ranking", lang, scope=scope),
                               (text("position", lang), text("service", lang), text("mean_rank", lang),
                                text("borda", lang), text("offered_to", lang)), rows,
                               source=text("src_interviews", lang),
                               note=f"{text('raters', lang)}{text('colon', lang)}{main['n_raters']}{text('semicolon', lang)}"
                                    f"{text('kendall_w', lang)} = {w}. {text('offered_note', lang)}"))
        section.add(ranking_figure(main["items"], scope, lang, chart_mark(b)))
    if b.country is None:
        rows = []
        for c in b.countries:
            r = by_country.get(c)
            if r is None:
                continue
            top = service_label(r["items"][0]["item"], lang) if r["items"] else SUPPRESSED_SYMBOL
            rows.append((b.country_name(c), SUPPRESSED_SYMBOL if r["suppressed"] else str(r["n_raters"]),
                         number(r["kendall_w"], lang, 2) if r["kendall_w"] is not None else SUPPRESSED_SYMBOL, top))
        section.add(TableBlock("tab-ranking-agreement", text("cap_ranking_agreement", lang),
                               (text("country", lang), text("raters", lang), text("kendall_w", lang),
                                text("top_service", lang)), tuple(rows), source=text("src_interviews", lang),
                               note=text("disclosure_line", lang, k=b.context.k, symbol=SUPPRESSED_SYMBOL)))
    return section


# -- quotes, recommendations, methods --------------------------------------------

def quotes(b: "Built") -> Section:
    lang = b.lang
    section = Section("quotes", text("sec_quotes", lang))
    chosen = [q for q in b.inputs.quotes if b.country is None or q.country == b.country]
    if not chosen:
        section.add(Paragraph(text("no_quotes", lang)))
        return section
    for theme in (*THEMES, "general"):
        in_theme = [q for q in chosen if q.theme == theme or (theme == "general" and q.theme not in THEMES)]
        if not in_theme:
            continue
        sub = section.sub(f"quotes-{theme}", theme_title(theme, lang))
        for q in in_theme:
            who = f"{q.instrument}_of" if has(f"{q.instrument}_of") else "victim_of"
            sub.add(Quote(q.text, theme, text(who, lang, country=b.country_name(q.country))))
    return section


def evidence(b: "Built", ref) -> Evidence:
    lang, kind = b.lang, ref.get("kind")
    scope = b.scope_name(ref.get("country"))
    if kind == "scale":
        qid = str(ref.get("question_id", ""))
        return Evidence(text("ev_scale", lang, scale=scale_title(qid, lang), scope=scope), f"fig-{qid}")
    if kind == "framework":
        field = str(ref.get("field", ""))
        return Evidence(text("ev_framework", lang, scope=scope, field=fw_tables.fact_label(field, lang)
                             if fw_tables.aspect_label(field, lang) or field.startswith(("eu.", "third_country."))
                             else field),
                        fw_tables.framework_target(field))
    if kind == "ranking":
        return Evidence(text("ev_ranking", lang, scope=scope), "tab-ranking")
    if kind == "counts":
        return Evidence(text("ev_counts", lang, scope=scope), "tab-interviews")
    return Evidence(text("ev_other", lang, ref=", ".join(f"{k}={v}" for k, v in sorted(ref.items()))))


def recommendations(b: "Built") -> Section:
    lang = b.lang
    section = Section("recommendations", text("sec_recommendations", lang))
    chosen = [r for r in b.inputs.recommendations if r.country == b.country]
    if not chosen:
        section.add(Paragraph(text("no_recommendations", lang)))
    for r in chosen:
        body = r.text.get(lang) or r.text.get("en") or next(iter(r.text.values()), "")
        section.add(Recommendation(r.theme, body, r.country, tuple(evidence(b, e) for e in r.evidence)))
    if getattr(b.inputs, "baseline", False) and b.country is None:
        from fiit.reports.baseline import baseline_section

        section.sections.append(baseline_section(lang))
    return section


def _total(b: "Built", instrument: str) -> str:
    table = b.tables.get("interviews")
    if table is None or instrument not in table.columns:
        return "0"
    return table.cell(None, instrument).text()


def withheld_name(table_name: str, lang: str) -> str:
    """A table the disclosure context left out whole, as a reader says it: "Victims by gender"."""
    what, _, grouping = table_name.partition("/")
    if has(f"scale_{what}"):
        what = scale_title(what, lang)
    elif what == RANKING_QUESTION:
        what = text("sec_rankings", lang)
    elif has(f"instr_{what}"):
        what = text(f"instr_{what}", lang)
    if not grouping:
        return what
    return text("withheld_by", lang, what=what, grouping=text(f"grouping_{grouping}", lang)
                if has(f"grouping_{grouping}") else grouping)


def methods(b: "Built", public: bool) -> Section:
    lang, summary = b.lang, b.context.summary()
    section = Section("methods", text("sec_methods", lang))
    if b.inputs.synthetic:
        section.add(Paragraph(text("methods_synthetic", lang), emphasis=True))
        section.add(Paragraph(text("methods_demo_effects", lang)))
    section.add(Paragraph(text("methods_sample", lang, victims=_total(b, "victim"),
                               providers=_total(b, "service_provider"), policymakers=_total(b, "policymaker"),
                               scope=b.scope_name(b.country))))
    section.add(Paragraph(text("methods_k", lang, k=b.context.k, symbol=SUPPRESSED_SYMBOL, **{
        key: summary[key] for key in ("cells", "published", "primary", "secondary")})))
    if b.context.withheld:
        section.add(Paragraph(text("methods_withheld", lang, tables=text("semicolon", lang).join(
            withheld_name(name, lang) for name in dict.fromkeys(b.context.withheld)))))
    if public:
        section.add(Paragraph(text("public_line", lang, k=b.context.k)))
    section.add(Paragraph(text("methods_design_counts", lang)))
    section.add(Paragraph(text("methods_professionals", lang, n=3)))
    section.add(Paragraph(text("methods_scales", lang)))
    if b.stats["scales"]:
        columns = scopes(b) if b.country is None else scopes(b)[:1]
        section.add(scale_table(b, "tab-scales", text("cap_scale_table", lang), columns))
    lines = comparison_lines(b)
    section.add(Paragraph(text("methods_tests", lang, n=len(lines))))
    if lines:
        section.add(Paragraph(" ".join(lines)))
    section.add(Paragraph(text("methods_exploratory", lang), emphasis=True))
    section.add(Paragraph(text("methods_privacy", lang)))
    section.add(Paragraph(text("methods_frameworks", lang)))
    return section
