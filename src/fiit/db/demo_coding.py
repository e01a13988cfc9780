"""The demo study's qualitative layer: two coders' synthetic coding; findings and good practices per theme
and country, comparative conclusions and recommendations linked to their evidence (all published); frozen
quotes from respondents who consented. Synthetic, and says so."""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction

from fiit.coding.themes import study_themes
from fiit.db.coding import codable_questions, current_codebook, open_answers
from fiit.db.editorial import add_recommendation
from fiit.db.findings import publish_finding, save_finding
from fiit.db.frozen_quotes import freeze_quote
from fiit.db.models import CodedAnswer, Coding, Interview, Study
from fiit.db.store import instrument_of
from fiit.demo.coding import DemoAnswer, demo_codings
from fiit.demo.findings import (conclusion_statement, finding_statement, labels_in, practice_statement,
                                recommendation_text, top_codes)
from fiit.reports.sections import THEME_SCALES
from fiit.vocabulary import vocabulary

CODERS = ("analyst", "coordinator")  # the demo's coders: both demo logins may code every country


def build_demo_coding(study: Study, keyfile, seed: int) -> dict[str, int]:
    """Code the demo's open answers twice, write findings and quotes; returns counts."""
    book = current_codebook(study)
    interviews = list(Interview.objects.filter(study=study, status="final").select_related("instrument", "country"))
    answers = open_answers(interviews, keyfile, actor="demo", purpose="demo_coding")
    themes = {}
    for interview in interviews:
        instrument = instrument_of(interview)
        for q in codable_questions(instrument):
            themes[(interview.instrument.instrument_id, q.id)] = tuple(q.theme)
    items = [DemoAnswer((a.interview.pk, a.question_id), themes.get((a.interview.instrument.instrument_id,
                                                                        a.question_id), ()), a.text)
             for a in answers]
    codings = demo_codings(items, book, seed)
    with transaction.atomic():
        Coding.objects.bulk_create([Coding(interview_id=c.key[0], question_id=c.key[1], coder=CODERS[c.coder - 1],
                                           code=c.code, start=c.start, end=c.end) for c in codings],
                                   ignore_conflicts=True)
        CodedAnswer.objects.bulk_create([CodedAnswer(interview_id=i.key[0], question_id=i.key[1], coder=coder)
                                         for i in items for coder in CODERS], ignore_conflicts=True)
    findings = _findings(study, keyfile, book)
    quotes = _quotes(study, keyfile, book, answers)
    return {"codings": len(codings), "findings": findings, "quotes": quotes}


def _findings(study: Study, keyfile, book) -> int:
    """Per theme and country a finding and a good practice; per theme a comparative conclusion and a
    recommendation. Their wording names the codes the synthetic coding applied most (fiit.demo.findings)."""
    v = vocabulary()
    passages: dict[tuple[str, str], list[int]] = defaultdict(list)
    codes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pk, code, country in Coding.objects.filter(interview__study=study, coder=CODERS[0]).values_list(
            "pk", "code", "interview__country_id"):
        theme = book.theme_of(code)
        if theme in study_themes():
            passages[(theme, country)].append(pk)
            codes[(theme, country)].append(code)
    roots = {c.id for c in book if c.theme or not c.codable}
    label = partial(labels_in, lambda code, lang: book.code(code).name(lang))
    theme_label = partial(labels_in, v.theme_label)
    n = 0
    for (theme, country), chosen in sorted(passages.items()):
        top = top_codes(codes[(theme, country)], roots)
        if not top:
            continue
        for kind, statement, on in (
                ("finding", finding_statement([label(c) for c in top], len(chosen)), chosen),
                ("good_practice", practice_statement(label(top[0])),
                 [pk for pk, code in zip(chosen, codes[(theme, country)]) if code == top[0]])):
            finding = save_finding(study, theme=theme, kind=kind, country=country, statement=statement,
                                   keyfile=keyfile, passages=on, actor="demo")
            publish_finding(finding, True, actor="demo")
            n += 1
    countries = sorted({country for _theme, country in passages})
    for theme in study_themes():
        everywhere = [c for (t, _country), cs in sorted(codes.items()) if t == theme for c in cs]
        top = top_codes(everywhere, roots, how_many=1)
        if not top:
            continue
        with_it = sum(1 for country in countries if top[0] in codes.get((theme, country), ()))
        on = [pk for country in countries for pk, code in zip(passages.get((theme, country), ()),
                                                             codes.get((theme, country), ())) if code == top[0]]
        finding = save_finding(study, theme=theme, kind="conclusion", country=None, keyfile=keyfile, passages=on,
                               statement=conclusion_statement(label(top[0]), with_it, len(countries)), actor="demo")
        publish_finding(finding, True, actor="demo")
        n += 1
        scales = THEME_SCALES.get(theme, ())
        add_recommendation(study, theme=theme, text=recommendation_text(theme_label(theme), label(top[0])),
                           evidence=[f"scale:{q}" for q in scales] or ["ranking:q12"], published=True,
                           actor="demo")
    return n


def _quotes(study: Study, keyfile, book, answers) -> int:
    approver = get_user_model().objects.filter(username="coordinator").first()
    if approver is None:
        return 0
    texts = {(a.interview.pk, a.question_id): a for a in answers}
    done: set[tuple[str, str]] = set()
    n = 0
    rows = (Coding.objects.filter(interview__study=study, coder=CODERS[0], interview__consent_quotes=True,
                                  interview__instrument__instrument_id="victim")
            .select_related("interview").order_by("interview__country__position", "pk"))
    for coding in rows:
        theme = book.theme_of(coding.code)
        key = (coding.interview.country_id, theme)
        answer = texts.get((coding.interview_id, coding.question_id))
        if not theme or key in done or answer is None or len(answer.text) > 400:
            continue
        freeze_quote(approver, str(coding.interview.uid), coding.question_id, coding.start, coding.end,
                     theme=theme, keyfile=keyfile)
        done.add(key)
        n += 1
    return n
