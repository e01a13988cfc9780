"""Texts of the questions and messages fiit adds to an exported XLSForm, in fiit's five languages.

The instruments carry their own texts; these are the few extra items every
exported form has: where and in which language the interview takes place, the
consent questions, and the messages shown when a number is out of range.
"""

from __future__ import annotations

from typing import Mapping

from fiit.vocabulary import vocabulary

# Version of the consent wording below; stored with each imported interview.
XLSFORM_CONSENT_VERSION = "xlsform-1"

COUNTRY_QUESTION = {
    "en": "Country where the interview takes place",
    "nl": "Land waar het interview plaatsvindt",
    "fr": "Pays où se déroule l'entretien",
    "it": "Paese in cui si svolge l'intervista",
    "hu": "Az ország, ahol az interjú zajlik",
}

LANGUAGE_QUESTION = {
    "en": "Language of the interview",
    "nl": "Taal van het interview",
    "fr": "Langue de l'entretien",
    "it": "Lingua dell'intervista",
    "hu": "Az interjú nyelve",
}

CONSENT_QUESTION = {
    "en": "Has the respondent given informed consent to take part, and for the answers to be used for this research?",
    "nl": "Heeft de respondent geïnformeerde toestemming gegeven om deel te nemen en om de antwoorden voor dit onderzoek te gebruiken?",
    "fr": "La personne interrogée a-t-elle donné son consentement éclairé pour participer et pour que ses réponses servent à cette recherche ?",
    "it": "La persona intervistata ha dato il consenso informato a partecipare e all'uso delle risposte per questa ricerca?",
    "hu": "Hozzájárult-e a válaszadó – megfelelő tájékoztatás után – a részvételhez és ahhoz, hogy válaszait ehhez a kutatáshoz felhasználják?",
}

CONSENT_HINT = {
    "en": "Read the consent text to the respondent first. The interview can only go ahead if the answer is yes.",
    "nl": "Lees eerst de toestemmingstekst voor aan de respondent. Het interview kan alleen doorgaan als het antwoord ja is.",
    "fr": "Lisez d'abord le texte de consentement à la personne. L'entretien ne peut avoir lieu que si la réponse est oui.",
    "it": "Leggere prima il testo del consenso alla persona. L'intervista può proseguire solo se la risposta è sì.",
    "hu": "Először olvassa fel a válaszadónak a beleegyező nyilatkozatot. Az interjú csak igen válasz esetén folytatható.",
}

CONSENT_REQUIRED_MESSAGE = {
    "en": "The interview can only go ahead with the respondent's consent.",
    "nl": "Het interview kan alleen doorgaan met toestemming van de respondent.",
    "fr": "L'entretien ne peut avoir lieu qu'avec le consentement de la personne interrogée.",
    "it": "L'intervista può proseguire solo con il consenso della persona intervistata.",
    "hu": "Az interjú csak a válaszadó beleegyezésével folytatható.",
}

CONSENT_QUOTES_QUESTION = {
    "en": "May anonymised quotes from the answers be used in reports?",
    "nl": "Mogen geanonimiseerde citaten uit de antwoorden in rapporten worden gebruikt?",
    "fr": "Des citations anonymisées des réponses peuvent-elles être utilisées dans les rapports ?",
    "it": "È possibile usare nei rapporti citazioni anonimizzate delle risposte?",
    "hu": "Felhasználhatók-e a válaszokból vett anonimizált idézetek a jelentésekben?",
}

CONSENT_FOLLOW_UP_QUESTION = {
    "en": "May the research team contact the respondent again for a follow-up?",
    "nl": "Mag het onderzoeksteam de respondent later opnieuw contacteren voor een vervolg?",
    "fr": "L'équipe de recherche peut-elle recontacter la personne interrogée pour un suivi ?",
    "it": "Il gruppo di ricerca può ricontattare la persona intervistata per un follow-up?",
    "hu": "A kutatócsoport később újra felveheti-e a kapcsolatot a válaszadóval egy utánkövetés céljából?",
}

YES = {"en": "Yes", "nl": "Ja", "fr": "Oui", "it": "Sì", "hu": "Igen"}
NO = {"en": "No", "nl": "Nee", "fr": "Non", "it": "No", "hu": "Nem"}


# The study vocabulary's answer state "declined": the same words as the web form's box (web/locale).
DECLINED_LABEL = dict(next(s.label for s in vocabulary().answer_states if s.code == "declined"))

# Constraint message of a multiple choice whose "declined to answer" choice is ticked with another one.
DECLINED_ALONE = {
    "en": "'Declined to answer' cannot be ticked together with an answer; untick one of them.",
    "nl": "'Wil niet antwoorden' kan niet samen met een antwoord worden aangevinkt; vink er één uit.",
    "fr": "« Refus de répondre » ne peut pas être coché avec une réponse ; décochez l'un des deux.",
    "it": "'Ha rifiutato di rispondere' non può essere spuntato insieme a una risposta; toglierne uno.",
    "hu": "A „Nem kívánt válaszolni” nem jelölhető be egy válasszal együtt; az egyiket vegye ki.",
}

# Label of the box asked just before a declinable question that is not a single choice: the question's own
# words and these, so that no two fields of a form share a label (KoboToolbox's default export names its
# columns by label, and a shared label makes two columns with one header).
DECLINE_BOX_LABEL = {
    "en": "{question} (declined to answer?)",
    "nl": "{question} (wil niet antwoorden?)",
    "fr": "{question} (refus de répondre ?)",
    "it": "{question} (rifiuta di rispondere?)",
    "hu": "{question} (nem kíván válaszolni?)",
}

# Hint of the box asked just before a declinable question that is not a single choice.
DECLINE_HINT = {
    "en": "Tick the box only if the respondent does not want to answer this question; it is then skipped. "
          "Otherwise go on to the question.",
    "nl": "Vink het vakje alleen aan als de respondent deze vraag niet wil beantwoorden; de vraag wordt dan "
          "overgeslagen. Ga anders verder naar de vraag.",
    "fr": "Cochez la case seulement si la personne ne souhaite pas répondre à cette question ; elle est alors "
          "passée. Sinon, passez à la question.",
    "it": "Spuntare la casella solo se la persona non vuole rispondere a questa domanda, che viene allora "
          "saltata. Altrimenti passare alla domanda.",
    "hu": "Csak akkor jelölje be a négyzetet, ha a válaszadó nem kíván válaszolni erre a kérdésre; ekkor a "
          "kérdés kimarad. Ellenkező esetben lépjen tovább a kérdésre.",
}

RANGE_MESSAGE = {
    "en": "Enter a whole number from {min} to {max}.",
    "nl": "Vul een geheel getal in van {min} tot en met {max}.",
    "fr": "Saisissez un nombre entier de {min} à {max}.",
    "it": "Inserisci un numero intero da {min} a {max}.",
    "hu": "Adjon meg egy egész számot {min} és {max} között.",
}

MIN_MESSAGE = {
    "en": "Enter a whole number of at least {min}.",
    "nl": "Vul een geheel getal in van minstens {min}.",
    "fr": "Saisissez un nombre entier d'au moins {min}.",
    "it": "Inserisci un numero intero di almeno {min}.",
    "hu": "Adjon meg egy legalább {min} értékű egész számot.",
}

MAX_MESSAGE = {
    "en": "Enter a whole number of at most {max}.",
    "nl": "Vul een geheel getal in van hoogstens {max}.",
    "fr": "Saisissez un nombre entier d'au plus {max}.",
    "it": "Inserisci un numero intero di al massimo {max}.",
    "hu": "Adjon meg egy legfeljebb {max} értékű egész számot.",
}

DATE_RANGE_MESSAGE = {
    "en": "Enter a date from {min} to {max}.",
    "nl": "Vul een datum in van {min} tot en met {max}.",
    "fr": "Saisissez une date du {min} au {max}.",
    "it": "Inserisci una data dal {min} al {max}.",
    "hu": "Adjon meg egy dátumot {min} és {max} között.",
}

DATE_MIN_MESSAGE = {
    "en": "Enter a date on or after {min}.",
    "nl": "Vul een datum in op of na {min}.",
    "fr": "Saisissez une date à partir du {min}.",
    "it": "Inserisci una data a partire dal {min}.",
    "hu": "Adjon meg egy {min} vagy későbbi dátumot.",
}

DATE_MAX_MESSAGE = {
    "en": "Enter a date on or before {max}.",
    "nl": "Vul een datum in op of voor {max}.",
    "fr": "Saisissez une date jusqu'au {max}.",
    "it": "Inserisci una data fino al {max}.",
    "hu": "Adjon meg egy {max} vagy korábbi dátumot.",
}


def fill(template: Mapping[str, str], **params) -> dict[str, str]:
    """Every language of a message template, with its fields filled in."""
    return {lang: text.format(**params) for lang, text in template.items()}
