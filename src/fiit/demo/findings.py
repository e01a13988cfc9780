"""The demo study's synthetic findings, good practices, conclusions and recommendations, in five languages.

They are written from what the demo's synthetic coding actually holds (which codes were applied most in a
theme and country), so each statement differs and can be checked against the codings; each says it is
synthetic. Pure: counts in, statements out. The database side is :mod:`fiit.db.demo_coding`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

Text = dict[str, str]

_AND = {"en": "and", "nl": "en", "fr": "et", "it": "e", "hu": "és"}
_QUOTE = {"en": "“{}”", "nl": "‘{}’", "fr": "« {} »", "it": "«{}»", "hu": "„{}”"}

_FINDING = {
    "en": "The topics coded most often were {topics} ({n} coded passages; synthetic demo finding).",
    "nl": "De vaakst gecodeerde onderwerpen waren {topics} ({n} gecodeerde passages; synthetische demobevinding).",
    "fr": "Les sujets les plus souvent codés étaient {topics} ({n} passages codés ; constat de démonstration synthétique).",
    "it": "Gli argomenti codificati più spesso sono stati {topics} ({n} passaggi codificati; risultato dimostrativo sintetico).",
    "hu": "A leggyakrabban kódolt témák: {topics} ({n} kódolt szövegrész; szintetikus bemutató megállapítás).",
}
_PRACTICE = {
    "en": "What respondents said about {topic} describes support worth repeating elsewhere (synthetic demo good practice).",
    "nl": "Wat respondenten zeiden over {topic} beschrijft hulp die elders navolging verdient (synthetische demo, goede praktijk).",
    "fr": "Ce que les répondants ont dit sur {topic} décrit un soutien à reproduire ailleurs (bonne pratique de démonstration synthétique).",
    "it": "Quanto detto dai rispondenti su {topic} descrive un sostegno da ripetere altrove (buona pratica dimostrativa sintetica).",
    "hu": "Amit a válaszadók erről mondtak: {topic}, máshol is követendő támogatást ír le (szintetikus bemutató jó gyakorlat).",
}
_CONCLUSION = {
    "en": "{topic} was the topic coded most often in this theme; it came up in {m} of {total} countries (synthetic demo conclusion).",
    "nl": "{topic} was in dit thema het vaakst gecodeerde onderwerp; het kwam voor in {m} van de {total} landen (synthetische democonclusie).",
    "fr": "{topic} est le sujet le plus souvent codé dans ce thème ; il apparaît dans {m} pays sur {total} (conclusion de démonstration synthétique).",
    "it": "{topic} è l'argomento codificato più spesso in questo tema; compare in {m} paesi su {total} (conclusione dimostrativa sintetica).",
    "hu": "Ebben a témában a(z) {topic} volt a leggyakrabban kódolt téma; {total} országból {m} országban fordult elő (szintetikus bemutató következtetés).",
}
_RECOMMENDATION = {
    "en": "Review how services respond to {topic}, the concern raised most often under “{theme}” (synthetic demo recommendation, not advice).",
    "nl": "Ga na hoe diensten inspelen op {topic}, het vaakst genoemde punt onder ‘{theme}’ (synthetische demo-aanbeveling, geen advies).",
    "fr": "Examiner comment les services répondent à {topic}, la préoccupation la plus citée sous « {theme} » (recommandation de démonstration synthétique, pas un avis).",
    "it": "Verificare come i servizi rispondono a {topic}, la questione sollevata più spesso in «{theme}» (raccomandazione dimostrativa sintetica, non un parere).",
    "hu": "Érdemes megvizsgálni, hogyan reagálnak a szolgáltatások erre: {topic}, ez merült fel leggyakrabban a(z) „{theme}” témában (szintetikus bemutató ajánlás, nem tanács).",
}
LANGUAGES = tuple(_FINDING)


def _quoted(label: str, lang: str) -> str:
    return _QUOTE[lang].format(label)


def _topics(labels: list[str], lang: str) -> str:
    quoted = [_quoted(x, lang) for x in labels]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {_AND[lang]} {quoted[-1]}"


def top_codes(codes: list[str], exclude: set[str], how_many: int = 2) -> list[str]:
    """The most frequent codes (ties broken by code id, so the demo is reproducible), skipping ``exclude``."""
    counts = Counter(c for c in codes if c not in exclude)
    return [c for c, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:how_many]]


def finding_statement(labels: list[Mapping[str, str]], passages: int) -> Text:
    """A finding of one theme and country (the report names both: chapter and country prefix)."""
    return {lang: _FINDING[lang].format(topics=_topics([x[lang] for x in labels], lang), n=passages)
            for lang in LANGUAGES}


def practice_statement(label: Mapping[str, str]) -> Text:
    return {lang: _PRACTICE[lang].format(topic=_quoted(label[lang], lang)) for lang in LANGUAGES}


def conclusion_statement(label: Mapping[str, str], countries_with_it: int, countries: int) -> Text:
    out = {}
    for lang in LANGUAGES:
        topic = _quoted(label[lang], lang)
        sentence = _CONCLUSION[lang].format(topic=topic, m=countries_with_it, total=countries)
        out[lang] = sentence[0].upper() + sentence[1:]
    return out


def recommendation_text(theme: Mapping[str, str], label: Mapping[str, str]) -> Text:
    return {lang: _RECOMMENDATION[lang].format(theme=theme[lang], topic=_quoted(label[lang], lang))
            for lang in LANGUAGES}


def labels_in(lookup: Callable[[str, str], str], code: str) -> Text:
    """A code's label in every language, from ``lookup(code, lang)``."""
    return {lang: lookup(code, lang) for lang in LANGUAGES}
