"""The demo study's qualitative layer: two coders' synthetic coding, findings and good practices per theme
and country (published), and frozen quotes from respondents who consented. Synthetic, and says so."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction

from fiit.coding.themes import study_themes
from fiit.db.coding import codable_questions, current_codebook, open_answers
from fiit.db.findings import publish_finding, save_finding
from fiit.db.frozen_quotes import freeze_quote
from fiit.db.models import CodedAnswer, Coding, Interview, Study
from fiit.db.store import instrument_of
from fiit.demo.coding import DemoAnswer, demo_codings
from fiit.vocabulary import vocabulary

CODERS = ("analyst", "coordinator")  # the demo's coders: both demo logins may code every country
_FINDING = {
    "en": "{theme} in {country}: respondents described support that worked and gaps that remain (synthetic demo finding).",
    "nl": "{theme} in {country}: respondenten beschreven hulp die werkte en hiaten die blijven (synthetische demobevinding).",
    "fr": "{theme} — {country} : les répondants ont décrit une aide qui a fonctionné et des lacunes qui subsistent (constat de démonstration synthétique).",
    "it": "{theme} — {country}: i rispondenti hanno descritto un aiuto che ha funzionato e lacune che restano (risultato dimostrativo sintetico).",
    "hu": "{theme} – {country}: a válaszadók működő segítséget és megmaradt hiányokat írtak le (szintetikus bemutató megállapítás).",
}
_PRACTICE = {
    "en": "{theme} in {country}: a practice respondents valued and that could be repeated elsewhere (synthetic demo good practice).",
    "nl": "{theme} in {country}: een praktijk die respondenten waardeerden en die elders herhaald kan worden (synthetische demo).",
    "fr": "{theme} — {country} : une pratique appréciée des répondants, transposable ailleurs (bonne pratique de démonstration synthétique).",
    "it": "{theme} — {country}: una pratica apprezzata dai rispondenti e ripetibile altrove (buona pratica dimostrativa sintetica).",
    "hu": "{theme} – {country}: a válaszadók által értékelt, máshol is megismételhető gyakorlat (szintetikus bemutató jó gyakorlat).",
}


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
    v = vocabulary()
    by_theme_country: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, code, country in Coding.objects.filter(interview__study=study, coder=CODERS[0]).values_list(
            "pk", "code", "interview__country_id"):
        theme = book.theme_of(code)
        if theme:
            by_theme_country[(theme, country)].append(pk)
    n = 0
    for (theme, country), passages in sorted(by_theme_country.items()):
        if theme not in study_themes():
            continue
        for kind, template in (("finding", _FINDING), ("good_practice", _PRACTICE)):
            chosen = passages if kind == "finding" else passages[: max(1, len(passages) // 3)]
            statement = {lang: text.format(theme=v.theme_label(theme, lang), country=v.country_name(country, lang))
                         for lang, text in template.items()}
            finding = save_finding(study, theme=theme, kind=kind, country=country, statement=statement,
                                   keyfile=keyfile, passages=chosen, actor="demo")
            publish_finding(finding, True, actor="demo")
            n += 1
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
