"""Findings and good practices: sealed statements resting on coded passages, with support counted by
respondent under disclosure control, and the published ones for the reports.

A finding's statement may quote an answer, so it is sealed: its own data key, wrapped under the key
file's current key (re-wrapped by ``fiit keys rotate``), seals the JSON {language: statement}.

:func:`published_findings` is what the report takes: for a study, a country (or None for the
comparative report) and a language, every published finding with its support sentences already through
:mod:`fiit.coding.support`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Iterable, Mapping

from django.db import transaction

from fiit.coding.findings import KINDS, PublishedFinding
from fiit.coding.support import ALL_COUNTRIES, support
from fiit.coding.themes import study_themes
from fiit.db.audit import record
from fiit.db.errors import UserError
from fiit.db.models import Coding, Country, Finding, Interview, Study
from fiit.i18n import pick
from fiit.vault import new_data_key, open_field, seal_field, unwrap_data_key, wrap_data_key

_VERSION = "finding"
MAX_STATEMENT_CHARS = 4000


def _binding(finding: Finding) -> str:
    return f"finding:{finding.uid}"


def _data_key(finding: Finding, keyfile) -> bytes:
    return unwrap_data_key(keyfile.key(finding.key_id), bytes(finding.wrapped_key),
                           interview_id=_binding(finding), key_id=finding.key_id)


def _seal_statement(finding: Finding, statement: Mapping[str, str], keyfile) -> None:
    if not finding.wrapped_key:
        data_key = new_data_key()
        finding.wrapped_key = wrap_data_key(keyfile.current, data_key, interview_id=_binding(finding),
                                            key_id=keyfile.current_id)
        finding.key_id = keyfile.current_id
    else:
        data_key = _data_key(finding, keyfile)
    finding.sealed_statement = seal_field(data_key, json.dumps(dict(statement), ensure_ascii=False),
                                          interview_id=_binding(finding), question_id="statement",
                                          instrument_version=_VERSION)


def statement_of(finding: Finding, keyfile) -> dict[str, str]:
    return json.loads(open_field(_data_key(finding, keyfile), bytes(finding.sealed_statement),
                                 interview_id=_binding(finding), question_id="statement",
                                 instrument_version=_VERSION))


def rewrap_finding_keys(keyfile) -> int:
    """Re-wrap every finding's data key under the key file's current key (key rotation)."""
    n = 0
    with transaction.atomic():
        for finding in Finding.objects.select_for_update(of=("self",)).exclude(key_id=keyfile.current_id):
            data_key = _data_key(finding, keyfile)
            finding.wrapped_key = wrap_data_key(keyfile.current, data_key, interview_id=_binding(finding),
                                                key_id=keyfile.current_id)
            finding.key_id = keyfile.current_id
            finding.save(update_fields=["wrapped_key", "key_id"])
            n += 1
    return n


def save_finding(study: Study, *, theme: str, statement: Mapping[str, str], keyfile, kind: str = "finding",
                 country: str | None = None, passages: Iterable[int] = (), actor: str = "system", user=None,
                 finding: Finding | None = None, allowed_interviews=None) -> Finding:
    """Create or change a finding (draft); passages are coding ids among ``allowed_interviews``."""
    if theme not in study_themes():
        raise UserError(f"'{theme}' is not a theme; the themes are {', '.join(study_themes())}.")
    if kind not in KINDS:
        raise UserError(f"'{kind}' is not a kind of finding; the kinds are {', '.join(KINDS)}.")
    clean = {k: v.strip() for k, v in statement.items() if v and v.strip()}
    if not clean.get("en"):
        raise UserError("A finding needs at least its English statement.")
    if any(len(v) > MAX_STATEMENT_CHARS for v in clean.values()):
        raise UserError(f"A statement holds at most {MAX_STATEMENT_CHARS} characters.")
    if country and not Country.objects.filter(code=country).exists():
        raise UserError(f"There is no country '{country}'.")
    ids = sorted(set(int(p) for p in passages))
    codings = Coding.objects.filter(pk__in=ids, interview__study=study)
    if allowed_interviews is not None:
        codings = codings.filter(interview__in=allowed_interviews)
    if country:
        codings = codings.filter(interview__country_id=country)
    if codings.count() != len(ids):
        raise UserError("Some of the passages do not exist, or are not coded passages of this finding's "
                        "study and country that you may see.")
    with transaction.atomic():
        finding = finding or Finding(study=study, created_by=user)
        finding.theme, finding.kind, finding.country_id = theme, kind, country or None
        _seal_statement(finding, clean, keyfile)
        finding.save()
        finding.passages.set(ids)
        record("finding_saved", actor=actor, record_type="finding", record_id=finding.pk,
               details={"theme": theme, "kind": kind, "country": country, "passages": len(ids)})
    return finding


def publish_finding(finding: Finding, published: bool, *, actor: str) -> None:
    with transaction.atomic():
        finding.published = published
        finding.save(update_fields=["published", "updated_at"])
        record("finding_published", actor=actor, record_type="finding", record_id=finding.pk,
               details={"published": published})


def delete_finding(finding: Finding, *, actor: str) -> None:
    with transaction.atomic():
        pk = finding.pk
        finding.delete()
        record("finding_deleted", actor=actor, record_type="finding", record_id=pk, details={})


def interviewed(study: Study) -> dict[tuple[str, str], int]:
    """(group, country) -> final interviews: the design counts (published)."""
    out: dict[tuple[str, str], int] = defaultdict(int)
    for group, country in (Interview.objects.filter(study=study, status="final")
                           .values_list("instrument__instrument_id", "country_id")):
        out[(group, country)] += 1
    return out


def finding_support(finding: Finding, *, k: int, design: Mapping[tuple[str, str], int] | None = None):
    """Support per (group, country) of the respondents whose coded passages the finding rests on."""
    design = design if design is not None else interviewed(finding.study)
    raised: dict[tuple[str, str], set[int]] = defaultdict(set)
    for interview_id, group, country in (finding.passages.filter(interview__status="final")
                                         .values_list("interview_id", "interview__instrument__instrument_id",
                                                      "interview__country_id")):
        raised[(group, country)].add(interview_id)
    return [support(group, country, len(ids), design.get((group, country), len(ids)), k=k)
            for (group, country), ids in sorted(raised.items())]


def published_findings(study: Study, country: str | None, lang: str, keyfile, *,
                       k: int = 5) -> list[PublishedFinding]:
    """The published findings of a study for one country's report (``country``) or the comparative one
    (None: the comparative findings, and each country's), in ``lang``, with support sentences under
    disclosure control (k = 5; pass 10 for a public report)."""
    return [f for f, _published in findings_for_listing(study, country, lang, keyfile, k=k)]


def findings_for_listing(study: Study, country: str | None, lang: str, keyfile, *, k: int = 5,
                         include_drafts: bool = False) -> list[tuple[PublishedFinding, bool]]:
    """(finding as published, published?) — drafts only when asked (the CLI's and workbench's lists)."""
    qs = Finding.objects.filter(study=study)
    if not include_drafts:
        qs = qs.filter(published=True)
    if country:
        qs = qs.filter(country_id=country)
    design = interviewed(study)
    countries = {c.code: c for c in Country.objects.all()}
    out = []
    for finding in qs.order_by("theme", "country__position", "pk"):
        statement = statement_of(finding, keyfile)
        supports = finding_support(finding, k=k, design=design)
        sentences = tuple(s.sentence(lang, countries[s.country].name(lang) if s.country in countries
                                     else pick(ALL_COUNTRIES, lang)) for s in supports)
        out.append((PublishedFinding(id=finding.pk, theme=finding.theme, kind=finding.kind,
                                     country=finding.country_id, statement=pick(statement, lang),
                                     support=tuple(supports), support_text=sentences,
                                     passages=finding.passages.count()), finding.published))
    return out
