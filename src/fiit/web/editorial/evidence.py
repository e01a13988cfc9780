"""The evidence a recommendation may rest on: the scales, the service rankings and the framework facts
that exist, as references (``scale:c_scale:BE``) the core parses with :func:`fiit.db.editorial.parse_evidence`.

The form offers every item as a checkbox in a grid (rows: scales, rankings or facts; columns: countries),
and keeps any reference already stored that the grid does not list, so editing never drops evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from django.utils.translation import gettext as _

from fiit.instruments import get_instrument
from fiit.web.editorial.labels import fact_label, ranking_label, scale_label

ALL = ""  # the column "all countries" of scales and rankings
_INDEX = re.compile(r"\[\d+\].*$")


@dataclass
class Cell:
    value: str
    label: str  # for screen readers: row and column together


@dataclass
class Row:
    label: str
    cells: list[Cell | None]


@dataclass
class Group:
    id: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)

    def values(self) -> list[str]:
        return [c.value for r in self.rows for c in r.cells if c is not None]


def ref_string(ref: Mapping[str, Any]) -> str:
    """A stored reference back as the string the core parses."""
    kind = ref.get("kind")
    if kind in ("scale", "ranking"):
        return ":".join(p for p in (kind, str(ref.get("question_id", "")), ref.get("country") or "") if p)
    if kind == "framework":
        return f"framework:{ref.get('country', '')}:{ref.get('field', '')}"
    return ":".join(str(v) for v in ref.values() if v)


def describe(ref: Mapping[str, Any], country_names: Mapping[str, str]) -> str:
    """A reference in words: 'Personal treatment (satisfaction scale) — Belgium'."""
    kind, country = ref.get("kind"), ref.get("country")
    where = country_names.get(country, country) if country else _("all countries")
    if kind == "scale":
        what = _("%(scale)s (satisfaction scale)") % {"scale": scale_label(str(ref.get("question_id", "")))}
    elif kind == "ranking":
        what = ranking_label(_question_number("service_provider", str(ref.get("question_id", ""))))
    elif kind == "framework":
        what = _("%(fact)s (country framework)") % {"fact": fact_label(str(ref.get("field", "")))}
    else:
        return ref_string(ref)
    return f"{what} — {where}"


def _question_number(instrument_id: str, question_id: str) -> str:
    try:
        return str(get_instrument(instrument_id).question(question_id).number or question_id)
    except KeyError:
        return question_id


def framework_fields(frameworks: Mapping[str, Any]) -> list[str]:
    """The fact paths of the stored frameworks, in their order; a permit's stages as one item."""
    out: list[str] = []
    for fw in frameworks.values():
        for path, _fact in fw.facts():
            path = _INDEX.sub("", path)
            if path not in out:
                out.append(path)
    return out


def evidence_groups(countries: list[tuple[str, str]], frameworks: Mapping[str, Any]) -> list[Group]:
    """The grid of the form: ``countries`` is [(code, name)] of the database, ``frameworks`` code -> framework."""
    everywhere = [(ALL, _("All countries")), *countries]
    scales = Group("scales", _("Satisfaction scales (victims)"), [name for _c, name in everywhere])
    for q in get_instrument("victim").scales():
        label = scale_label(q.id)
        scales.rows.append(Row(label, [Cell(":".join(p for p in ("scale", q.id, code) if p), f"{label} — {name}")
                                       for code, name in everywhere]))
    rankings = Group("rankings", _("Service rankings (service providers)"), [name for _c, name in everywhere])
    for q in get_instrument("service_provider").questions():
        if q.type == "ranking":
            label = ranking_label(str(q.number or q.id))
            rankings.rows.append(Row(label, [Cell(":".join(p for p in ("ranking", q.id, code) if p),
                                                  f"{label} — {name}") for code, name in everywhere]))
    with_framework = [(code, name) for code, name in countries if code in frameworks]
    facts = Group("frameworks", _("Country frameworks"), [name for _c, name in with_framework])
    for path in framework_fields(frameworks):
        label = fact_label(path)
        facts.rows.append(Row(label, [Cell(f"framework:{code}:{path}", f"{label} — {name}")
                                      for code, name in with_framework]))
    return [g for g in (scales, rankings, facts) if g.rows and g.columns]


def other_group(refs: list[str], known: set[str], country_names: Mapping[str, str]) -> Group | None:
    """References already stored that the grid does not offer (e.g. entered on the command line)."""
    from fiit.db.editorial import parse_evidence
    from fiit.db.errors import UserError

    extra = [r for r in dict.fromkeys(refs) if r and r not in known]
    if not extra:
        return None
    group = Group("other", _("Other evidence already linked"), [_("Linked")])
    for ref in extra:
        try:
            label = describe(parse_evidence(ref), country_names)
        except UserError:
            label = ref
        group.rows.append(Row(label, [Cell(ref, label)]))
    return group
