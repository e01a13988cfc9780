"""Retrieval by code, code × country and code × group matrices, findings and frozen quotes.

Matrices count respondents (interviews), not passages. Inside the workbench the counts are exact (the
people who see them may read the answers themselves); anything that leaves — a report, an export — goes
through disclosure control (:mod:`fiit.coding.support`, :mod:`fiit.analysis.disclosure`).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fiit.coding.findings import KINDS
from fiit.coding.quotes import excerpt
from fiit.coding.themes import study_languages, study_themes
from fiit.db.access import can, countries_for, interviews_for, scope
from fiit.db.coding import coding_interviews, current_codebook, open_answers
from fiit.db.errors import UserError
from fiit.db.findings import findings_for_listing, publish_finding, save_finding
from fiit.db.frozen_quotes import freeze_quote, frozen_quotes
from fiit.db.keys import current_keyfile
from fiit.db.models import Coding, Country, Finding
from fiit.instruments import builtin_instruments
from fiit.vocabulary import vocabulary
from fiit.web.coding.guard import workbench
from fiit.web.coding.views import FILTERS, _country_choices
from fiit.web.editorial.studies import chosen_study
from fiit.web.languages import ui_language

GROUPS = tuple(builtin_instruments())


def matrix(codings, rows: list[str], columns: list[str], column_of) -> list[dict]:
    """Distinct respondents per (code, column)."""
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for c in codings:
        seen[(c.code, column_of(c))].add(c.interview_id)
    return [{"code": code, "cells": [len(seen.get((code, col), ())) for col in columns]} for code in rows]


@never_cache
@workbench()
def retrieve(request):
    study = chosen_study(request)
    if study is None:
        raise Http404("no study")
    lang = ui_language()
    book = current_codebook(study)
    code = request.GET.get("code", "")
    group = request.GET.get("group", "")
    filters = {FILTERS[k]: request.GET.get(k, "") for k in FILTERS if request.GET.get(k)}
    interviews = coding_interviews(request.user, study, country=request.GET.get("country", ""),
                                   instrument_id=group if group in GROUPS else "", **filters)
    codings = list(Coding.objects.filter(interview__in=interviews).select_related("interview__instrument",
                                                                                   "interview__country"))
    used = sorted({c.code for c in codings}, key=lambda c: [x.id for x in book].index(c) if c in book else 999)
    countries = [c for c, _n in _country_choices(request.user, lang)]
    by_country = matrix(codings, used, countries, lambda c: c.interview.country_id)
    by_group = matrix(codings, used, list(GROUPS), lambda c: c.interview.instrument.instrument_id)
    label = {c.id: c.name(lang) for c in book}
    for table in (by_country, by_group):
        for row in table:
            row["label"] = label.get(row["code"], row["code"])
    passages = []
    if code:
        chosen = [c for c in codings if c.code == code]
        wanted = interviews.filter(pk__in={c.interview_id for c in chosen})
        texts = {(a.interview.pk, a.question_id): a for a in open_answers(
            wanted, current_keyfile(), actor=request.user.username, purpose="retrieval")}
        for c in chosen:
            answer = texts.get((c.interview_id, c.question_id))
            if answer is None or c.end > len(answer.text):
                continue
            passages.append({"id": c.pk, "text": excerpt(answer.text, c.start, c.end), "coder": c.coder,
                             "consensus": c.consensus, "country": c.interview.country.name(lang),
                             "country_code": c.interview.country_id, "group": c.interview.instrument.instrument_id,
                             "uid": str(c.interview.uid), "question_id": c.question_id, "start": c.start,
                             "end": c.end, "quotable": c.interview.consent_quotes and can(
                                 request.user, "approve_quote", interview=c.interview)})
    return render(request, "fiit/coding/retrieve.html", {
        "study": study, "code": code, "codes": [(c.id, "— " * d + c.name(lang)) for d, c in book.depth_first()
                                                if c.codable],
        "passages": passages, "by_country": by_country, "by_group": by_group,
        "country_columns": [vocabulary().country_name(c, lang) for c in countries], "groups": GROUPS,
        "countries": _country_choices(request.user, lang), "filters": {k: request.GET.get(k, "") for k in FILTERS},
        "country": request.GET.get("country", ""), "group": group,
        "themes": [(t, vocabulary().theme_label(t, lang)) for t in study_themes()], "kinds": KINDS,
        "languages": study_languages(), "theme_of_code": book.theme_of(code) if code in book else "",
        "may_edit_findings": scope(request.user, "edit_findings") is not None,
    })


@never_cache
@workbench()
def findings_page(request):
    study = chosen_study(request)
    if study is None:
        raise Http404("no study")
    lang = ui_language()
    allowed = countries_for(request.user, "edit_findings")
    items = [(f, published) for f, published in findings_for_listing(study, None, lang, current_keyfile(),
                                                                     include_drafts=True)
             if allowed is None or f.country in allowed]
    may_publish = {f.id: can(request.user, "publish_findings", country=f.country) if f.country
                   else scope(request.user, "publish_findings") == "all" for f, _p in items}
    return render(request, "fiit/coding/findings.html", {
        "study": study, "items": items, "may_publish": may_publish,
        "themes": dict((t, vocabulary().theme_label(t, lang)) for t in study_themes()),
        "quotes": [(q, text) for q, text in frozen_quotes(study, current_keyfile())
                   if can(request.user, "code_answers", interview=q.interview)],
    })


@require_POST
@workbench("edit_findings")
def finding_new(request):
    study = chosen_study(request)
    if study is None:
        raise Http404("no study")
    country = request.POST.get("country", "") or None
    if country and not can(request.user, "edit_findings", country=country):
        raise Http404("no such country")
    if country is None and scope(request.user, "edit_findings") != "all":
        messages.error(request, _("Only analysts and coordinators write comparative findings."))
        return redirect(reverse("coding-findings") + "?" + urlencode({"study": study.pk}))
    statement = {lang: request.POST.get(f"statement_{lang}", "") for lang in study_languages()}
    try:
        save_finding(study, theme=request.POST.get("theme", ""), kind=request.POST.get("kind", "finding"),
                     country=country, statement=statement, keyfile=current_keyfile(),
                     passages=[p for p in request.POST.getlist("passage") if p.isdigit()],
                     actor=request.user.username, user=request.user,
                     allowed_interviews=interviews_for(request.user, "code_answers"))
    except UserError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Finding saved as a draft."))
    return redirect(reverse("coding-findings") + "?" + urlencode({"study": study.pk}))


@require_POST
@workbench("publish_findings")
def finding_publish(request, pk: int):
    finding = get_object_or_404(Finding, pk=pk)
    allowed = (can(request.user, "publish_findings", country=finding.country_id) if finding.country_id
               else scope(request.user, "publish_findings") == "all")
    if not allowed:
        raise Http404("no such finding")
    publish_finding(finding, request.POST.get("published") == "yes", actor=request.user.username)
    return redirect(reverse("coding-findings") + "?" + urlencode({"study": finding.study_id}))


@require_POST
@workbench("approve_quote")
def quote_freeze(request):
    study = chosen_study(request)
    names = [n for n in request.POST.get("redact", "").split(",") if n.strip()]
    try:
        freeze_quote(request.user, request.POST.get("interview", ""), request.POST.get("question_id", ""),
                     int(request.POST.get("start", -1)), int(request.POST.get("end", -1)),
                     theme=request.POST.get("theme", ""), keyfile=current_keyfile(), redact_names=names)
    except (UserError, ValueError, ValidationError) as exc:
        messages.error(request, str(exc) if isinstance(exc, UserError) else _("The quote was not understood."))
    else:
        messages.success(request, _("Quote approved and frozen."))
    return redirect(reverse("coding-findings") + "?" + urlencode({"study": study.pk if study else ""}))


def country_label(code: str | None, lang: str) -> str:
    return Country.objects.get(code=code).name(lang) if code else ""
