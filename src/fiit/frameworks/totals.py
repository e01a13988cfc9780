"""Check the seed's printed totals against the rows, and the tables against each other.

``check_totals(framework)`` returns one :class:`TotalCheck` per comparison:

* ``printed_total``: for every series with a printed total, the sum of its rows
  (rows without a figure left out, and said so) against that total;
* ``gender_vs_identified``: female + male against the identified victims, per
  period and in total;
* ``exploitation_vs_gender``: the forms of exploitation against female + male,
  per period (where both tables have the same periods) and in total;
* ``exploitation_vs_identified``: the forms of exploitation against the
  identified victims total.

A mismatch is reported with ``ok`` False and a plain-English message naming the
country and the series; nothing is corrected or hidden. ``computed`` is the
figure fiit adds up; ``printed`` is the figure it is compared with (a printed
total or row where the seed prints one, otherwise the other table's sum).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fiit.frameworks.model import TABLE_LABELS, CountryFramework, CountSeries, pick

KINDS = ("printed_total", "gender_vs_identified", "exploitation_vs_gender", "exploitation_vs_identified")


@dataclass(frozen=True)
class TotalCheck:
    country_code: str
    country: str
    series: str  # "table/category" for a printed-total check, "table vs table" for a cross-check
    kind: str
    period: str | None  # None for a check of the totals
    computed: int | None
    printed: int | None
    ok: bool
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "country_code": self.country_code,
            "country": self.country,
            "series": self.series,
            "kind": self.kind,
            "period": self.period,
            "computed": self.computed,
            "printed": self.printed,
            "ok": self.ok,
            "message": self.message,
        }


def _series_name(s: CountSeries) -> str:
    label = pick(s.label, "en")
    table = TABLE_LABELS[s.table]["en"]
    if not label or label.lower() == table.lower():
        return table
    return f"{table} – {label[:1].lower()}{label[1:]}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _check_printed(fw: CountryFramework, s: CountSeries) -> TotalCheck:
    country = pick(fw.name, "en")
    head = f"{country}, {_series_name(s)}"
    computed = s.computed_total()
    printed = s.printed_total
    missing = s.unknown_periods()
    rows_word = "yearly rows" if all(len(r.period) == 4 for r in s.rows) else "rows"
    if computed is None:
        ok = False
        message = (
            f"{head}: none of the rows has a figure, so the printed total of {printed} cannot be checked."
        )
    else:
        ok = computed == printed
        subject = f"the {rows_word} with a figure" if missing else f"the {rows_word}"
        tail = f" (no figure for {', '.join(missing)})" if missing else ""
        if ok:
            message = f"{head}: {subject} add up to {computed}, as printed{tail}."
        else:
            message = f"{head}: {subject} add up to {computed}{tail} but the printed total is {printed}."
    return TotalCheck(
        country_code=fw.code, country=country, series=s.key, kind="printed_total", period=None,
        computed=computed, printed=printed, ok=ok, message=message,
    )


def _sum_at(series: tuple[CountSeries, ...], period: str) -> tuple[int | None, list[str]]:
    """Sum of the series' rows for ``period``; None (with the names lacking a figure) if any lacks one."""
    total = 0
    lacking: list[str] = []
    for s in series:
        row = s.row(period)
        if row is None or row.value is None:
            lacking.append(pick(s.label, "en").lower())
        else:
            total += row.value
    return (None if lacking else total), lacking


def _parts(series: tuple[CountSeries, ...]) -> str:
    parts = []
    for s in series:
        total = s.computed_total()
        name = pick(s.label, "en").lower()
        parts.append(f"{name} {total}" if total is not None else f"{name}: no figure")
    return ", ".join(parts)


def _totals_of(series: tuple[CountSeries, ...]) -> int | None:
    """Sum of the series' totals computed from their rows; None if no row has a figure."""
    known = [t for t in (s.computed_total() for s in series) if t is not None]
    return sum(known) if known else None


def _cross_gender_identified(fw: CountryFramework) -> list[TotalCheck]:
    identified = next((s for s in fw.identified_victims if s.category == "total"), None)
    gender = fw.victims_by_gender
    if identified is None or not gender:
        return []
    country = pick(fw.name, "en")
    series = "victims_by_gender vs identified_victims"
    out: list[TotalCheck] = []
    gender_periods = {p for s in gender for p in s.periods()}
    for row in identified.rows:
        if row.value is None or row.period not in gender_periods:
            continue
        total, lacking = _sum_at(gender, row.period)
        if total is None:
            out.append(TotalCheck(
                fw.code, country, series, "gender_vs_identified", row.period, None, row.value, False,
                f"{country}, victims by gender vs identified victims, {row.period}: no figure for "
                f"{', '.join(lacking)}, so the {row.value} identified victims cannot be matched.",
            ))
            continue
        ok = total == row.value
        verdict = f"equal to the {row.value} identified victims" if ok else \
            f"but {row.value} identified victims are printed"
        out.append(TotalCheck(
            fw.code, country, series, "gender_vs_identified", row.period, total, row.value, ok,
            f"{country}, victims by gender vs identified victims, {row.period}: female and male add up to "
            f"{total}, {verdict}.",
        ))
    gender_total = _totals_of(gender)
    ref = identified.printed_total if identified.printed_total is not None else identified.computed_total()
    ref_words = "the identified victims total printed is" if identified.printed_total is not None else \
        "the identified victims rows add up to"
    if gender_total is not None and ref is not None:
        ok = gender_total == ref
        message = (
            f"{country}, victims by gender vs identified victims: female and male add up to {gender_total}, "
            + (f"equal to the identified victims total of {ref}." if ok else f"but {ref_words} {ref}.")
        )
        out.append(TotalCheck(fw.code, country, series, "gender_vs_identified", None, gender_total, ref, ok,
                              message))
    return out


def _cross_exploitation(fw: CountryFramework) -> list[TotalCheck]:
    expl = fw.victims_by_exploitation
    if not expl:
        return []
    country = pick(fw.name, "en")
    out: list[TotalCheck] = []
    expl_total = sum(s.computed_total() or 0 for s in expl) if any(
        s.computed_total() is not None for s in expl) else None
    lacking = [pick(s.label, "en").lower() for s in expl if s.computed_total() is None]
    lacking_words = f" ({_parts(expl)})" if lacking else ""

    gender = fw.victims_by_gender
    if gender:
        series = "victims_by_exploitation vs victims_by_gender"
        expl_periods = [p for p in expl[0].periods() if all(s.row(p) is not None for s in expl)]
        gender_periods = {p for s in gender for p in s.periods()}
        for period in expl_periods:
            if period not in gender_periods:
                continue
            e, e_lacking = _sum_at(expl, period)
            g, g_lacking = _sum_at(gender, period)
            if e is None or g is None:
                missing = ", ".join(e_lacking + g_lacking)
                out.append(TotalCheck(
                    fw.code, country, series, "exploitation_vs_gender", period, e, g, False,
                    f"{country}, victims by form of exploitation vs victims by gender, {period}: "
                    f"no figure for {missing}, so the two tables cannot be compared.",
                ))
                continue
            ok = e == g
            verdict = "as do female and male" if ok else f"but female and male add up to {g}"
            out.append(TotalCheck(
                fw.code, country, series, "exploitation_vs_gender", period, e, g, ok,
                f"{country}, victims by form of exploitation vs victims by gender, {period}: "
                f"the forms of exploitation add up to {e}, {verdict}.",
            ))
        gender_total = _totals_of(gender)
        if expl_total is not None and gender_total is not None:
            ok = expl_total == gender_total and not lacking
            g_words = "female and male add up to"
            if ok:
                message = (f"{country}, victims by form of exploitation vs victims by gender: the forms of "
                           f"exploitation add up to {expl_total}, as do female and male.")
            else:
                message = (f"{country}, victims by form of exploitation vs victims by gender: the forms of "
                           f"exploitation add up to {expl_total}{lacking_words} but {g_words} {gender_total}.")
            out.append(TotalCheck(fw.code, country, series, "exploitation_vs_gender", None, expl_total,
                                  gender_total, ok, message))

    identified = next((s for s in fw.identified_victims if s.category == "total"), None)
    if identified is not None and expl_total is not None:
        ref = identified.printed_total if identified.printed_total is not None else identified.computed_total()
        if ref is not None:
            series = "victims_by_exploitation vs identified_victims"
            ref_words = "the identified victims total printed is" if identified.printed_total is not None else \
                "the identified victims rows add up to"
            ok = expl_total == ref and not lacking
            if ok:
                message = (f"{country}, victims by form of exploitation vs identified victims: the forms of "
                           f"exploitation add up to {expl_total}, equal to the identified victims total.")
            else:
                message = (f"{country}, victims by form of exploitation vs identified victims: the forms of "
                           f"exploitation add up to {expl_total}{lacking_words} but {ref_words} {ref}.")
            out.append(TotalCheck(fw.code, country, series, "exploitation_vs_identified", None, expl_total,
                                  ref, ok, message))
    return out


def check_totals(framework: CountryFramework) -> list[TotalCheck]:
    """Every total check for one country: printed totals first, then the cross-checks."""
    checks = [_check_printed(framework, s) for s in framework.series() if s.printed_total is not None]
    checks += _cross_gender_identified(framework)
    checks += _cross_exploitation(framework)
    return checks
