"""Answer-validation messages in the five languages of fiit.

Interviewers see these next to the question, in their own language, so each
is one plain sentence. ``{...}`` fields are filled from the problem's params.
"""

from __future__ import annotations

from typing import Any

from fiit.vocabulary import vocabulary

LANGUAGES = vocabulary().language_codes

MESSAGES: dict[str, dict[str, str]] = {
    "required_missing": {
        "en": "This question needs an answer before the interview can be finalised.",
        "nl": "Deze vraag moet beantwoord zijn voordat het interview kan worden afgerond.",
        "fr": "Cette question doit recevoir une réponse avant de pouvoir finaliser l'entretien.",
        "it": "Questa domanda richiede una risposta prima di poter chiudere l'intervista.",
        "hu": "Erre a kérdésre válaszolni kell, mielőtt az interjú lezárható.",
    },
    "out_of_range": {
        "en": "The answer must be a whole number from {min} to {max}; {value} is outside that range.",
        "nl": "Het antwoord moet een geheel getal van {min} tot en met {max} zijn; {value} valt daarbuiten.",
        "fr": "La réponse doit être un nombre entier de {min} à {max} ; {value} est hors de cet intervalle.",
        "it": "La risposta deve essere un numero intero da {min} a {max}; {value} è fuori da questo intervallo.",
        "hu": "A válasznak {min} és {max} közötti egész számnak kell lennie; a(z) {value} ezen kívül esik.",
    },
    "below_min": {
        "en": "The answer must be at least {min}; {value} is too low.",
        "nl": "Het antwoord moet minstens {min} zijn; {value} is te laag.",
        "fr": "La réponse doit être au moins {min} ; {value} est trop bas.",
        "it": "La risposta deve essere almeno {min}; {value} è troppo basso.",
        "hu": "A válasz legalább {min} kell legyen; a(z) {value} túl alacsony.",
    },
    "above_max": {
        "en": "The answer must be at most {max}; {value} is too high.",
        "nl": "Het antwoord mag hoogstens {max} zijn; {value} is te hoog.",
        "fr": "La réponse doit être au plus {max} ; {value} est trop élevé.",
        "it": "La risposta deve essere al massimo {max}; {value} è troppo alto.",
        "hu": "A válasz legfeljebb {max} lehet; a(z) {value} túl magas.",
    },
    "not_a_number": {
        "en": "The answer must be a whole number; '{value}' is not.",
        "nl": "Het antwoord moet een geheel getal zijn; '{value}' is dat niet.",
        "fr": "La réponse doit être un nombre entier ; « {value} » n'en est pas un.",
        "it": "La risposta deve essere un numero intero; '{value}' non lo è.",
        "hu": "A válasznak egész számnak kell lennie; a(z) „{value}” nem az.",
    },
    "unknown_choice": {
        "en": "'{value}' is not one of the answers this question offers.",
        "nl": "'{value}' is geen van de antwoorden die deze vraag aanbiedt.",
        "fr": "« {value} » ne fait pas partie des réponses proposées pour cette question.",
        "it": "'{value}' non è tra le risposte previste da questa domanda.",
        "hu": "A(z) „{value}” nem szerepel a kérdés válaszlehetőségei között.",
    },
    "not_offered_in_country": {
        "en": "'{value}' is not offered in {country}, so it cannot be chosen in this interview.",
        "nl": "'{value}' wordt in {country} niet aangeboden en kan in dit interview niet gekozen worden.",
        "fr": "« {value} » n'est pas proposé en/au {country} et ne peut pas être choisi dans cet entretien.",
        "it": "'{value}' non è offerto in {country} e non può essere scelto in questa intervista.",
        "hu": "A(z) „{value}” {country} esetében nem választható ebben az interjúban.",
    },
    "not_relevant": {
        "en": "This question does not apply given the earlier answers, so it should have no answer.",
        "nl": "Deze vraag is door eerdere antwoorden niet van toepassing en hoort geen antwoord te hebben.",
        "fr": "Compte tenu des réponses précédentes, cette question ne s'applique pas et ne doit pas avoir de réponse.",
        "it": "Date le risposte precedenti questa domanda non si applica e non deve avere una risposta.",
        "hu": "A korábbi válaszok alapján ez a kérdés nem vonatkozik a válaszadóra, ezért nem lehet rá válasz.",
    },
    "unknown_question": {
        "en": "There is no question '{question}' in this instrument.",
        "nl": "Dit instrument heeft geen vraag '{question}'.",
        "fr": "Cet instrument ne comporte pas de question « {question} ».",
        "it": "Questo strumento non contiene la domanda '{question}'.",
        "hu": "Ebben a kérdőívben nincs „{question}” kérdés.",
    },
    "bad_date": {
        "en": "'{value}' is not a date; write it as YYYY-MM-DD.",
        "nl": "'{value}' is geen datum; schrijf die als JJJJ-MM-DD.",
        "fr": "« {value} » n'est pas une date ; écrivez-la sous la forme AAAA-MM-JJ.",
        "it": "'{value}' non è una data; scrivila come AAAA-MM-GG.",
        "hu": "A(z) „{value}” nem dátum; ÉÉÉÉ-HH-NN formában adja meg.",
    },
    "not_text": {
        "en": "The answer must be text.",
        "nl": "Het antwoord moet tekst zijn.",
        "fr": "La réponse doit être un texte.",
        "it": "La risposta deve essere un testo.",
        "hu": "A válasznak szövegnek kell lennie.",
    },
    "not_a_list": {
        "en": "The answer must be a list of choices.",
        "nl": "Het antwoord moet een lijst van keuzes zijn.",
        "fr": "La réponse doit être une liste de choix.",
        "it": "La risposta deve essere un elenco di scelte.",
        "hu": "A válasznak választások listájának kell lennie.",
    },
    "duplicate_choice": {
        "en": "'{value}' is given more than once.",
        "nl": "'{value}' is meer dan eens opgegeven.",
        "fr": "« {value} » est donné plus d'une fois.",
        "it": "'{value}' è indicato più di una volta.",
        "hu": "A(z) „{value}” többször szerepel.",
    },
    "too_few_ranked": {
        "en": "Rank at least {min} item(s).",
        "nl": "Rangschik minstens {min} item(s).",
        "fr": "Classez au moins {min} élément(s).",
        "it": "Ordina almeno {min} elemento/i.",
        "hu": "Legalább {min} elemet rangsoroljon.",
    },
    "not_selected_before": {
        "en": "'{value}' can only be ranked if it was ticked in question {source}.",
        "nl": "'{value}' kan alleen gerangschikt worden als het bij vraag {source} aangevinkt is.",
        "fr": "« {value} » ne peut être classé que s'il a été coché à la question {source}.",
        "it": "'{value}' può essere ordinato solo se è stato spuntato alla domanda {source}.",
        "hu": "A(z) „{value}” csak akkor rangsorolható, ha a(z) {source} kérdésnél be van jelölve.",
    },
    "not_declinable": {
        "en": "This question cannot be recorded as declined; give an answer or leave it empty.",
        "nl": "Bij deze vraag kan 'wil niet antwoorden' niet worden vastgelegd; geef een antwoord of laat de vraag leeg.",
        "fr": "Pour cette question, le refus de répondre ne peut pas être enregistré ; donnez une réponse ou laissez-la vide.",
        "it": "Per questa domanda non si può registrare il rifiuto di rispondere; inserire una risposta o lasciarla vuota.",
        "hu": "Ennél a kérdésnél a válaszmegtagadás nem rögzíthető; adjon meg választ, vagy hagyja üresen.",
    },
}


def render(code: str, lang: str = "en", **params: Any) -> str:
    """The message for ``code`` in ``lang`` (English if that language has none)."""
    templates = MESSAGES[code]
    template = templates.get(lang) or templates["en"]
    return template.format(**params)
