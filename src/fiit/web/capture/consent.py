"""The informed-consent text read to the respondent, version 1.0, in the five languages of fiit.

It is read in the interview's language, so it lives here as data (like the
instruments) rather than in the interface translations. A changed wording
needs a new version: the version is stored with each consent record.
"""

from __future__ import annotations

from fiit.db.capture import CONSENT_TEXT_VERSION
from fiit.instruments import pick

STATEMENT = {
    "en": "This interview is part of a study on the integration of people who have experienced human trafficking. "
          "Taking part is voluntary. You can skip any question and stop at any time, and you can withdraw later: "
          "your answers will then be destroyed. Your name is not written down; your answers are stored under a code "
          "and kept encrypted.",
    "nl": "Dit interview maakt deel uit van een onderzoek naar de integratie van mensen die mensenhandel hebben "
          "meegemaakt. Meedoen is vrijwillig. U kunt elke vraag overslaan en op elk moment stoppen, en u kunt zich "
          "later terugtrekken: uw antwoorden worden dan vernietigd. Uw naam wordt niet opgeschreven; uw antwoorden "
          "worden onder een code en versleuteld bewaard.",
    "fr": "Cet entretien fait partie d'une étude sur l'intégration des personnes ayant vécu la traite des êtres "
          "humains. La participation est volontaire. Vous pouvez ne pas répondre à une question et arrêter à tout "
          "moment, et vous pouvez vous retirer plus tard : vos réponses seront alors détruites. Votre nom n'est pas "
          "noté ; vos réponses sont conservées sous un code et chiffrées.",
    "it": "Questa intervista fa parte di uno studio sull'integrazione delle persone che hanno vissuto la tratta di "
          "esseri umani. La partecipazione è volontaria. Può saltare qualsiasi domanda e interrompere in qualsiasi "
          "momento, e può ritirarsi anche in seguito: le sue risposte saranno allora distrutte. Il suo nome non viene "
          "scritto; le risposte sono conservate sotto un codice e cifrate.",
    "hu": "Ez az interjú egy kutatás része, amely az emberkereskedelmet átélt személyek beilleszkedését vizsgálja. "
          "A részvétel önkéntes. Bármelyik kérdést kihagyhatja, bármikor abbahagyhatja, és később is visszaléphet: "
          "ekkor a válaszait megsemmisítjük. A nevét nem írjuk le; a válaszait kóddal és titkosítva tároljuk.",
}

ITEMS = {
    "research_use": {
        "en": "I agree that my answers are used for this research.",
        "nl": "Ik ga ermee akkoord dat mijn antwoorden voor dit onderzoek worden gebruikt.",
        "fr": "J'accepte que mes réponses soient utilisées pour cette recherche.",
        "it": "Acconsento all'uso delle mie risposte per questa ricerca.",
        "hu": "Hozzájárulok, hogy a válaszaimat ehhez a kutatáshoz felhasználják.",
    },
    "quotes": {
        "en": "I agree that my words may be quoted in reports, without anything that could identify me.",
        "nl": "Ik ga ermee akkoord dat mijn woorden in rapporten worden geciteerd, zonder iets waaraan men mij kan herkennen.",
        "fr": "J'accepte que mes propos soient cités dans des rapports, sans rien qui permette de m'identifier.",
        "it": "Acconsento che le mie parole siano citate nei rapporti, senza nulla che possa identificarmi.",
        "hu": "Hozzájárulok, hogy a szavaimat jelentésekben idézzék, olyan részletek nélkül, amelyekből felismerhető lennék.",
    },
    "follow_up": {
        "en": "I agree to be contacted again for a follow-up conversation.",
        "nl": "Ik ga ermee akkoord dat men later opnieuw contact met mij opneemt voor een vervolggesprek.",
        "fr": "J'accepte d'être recontacté(e) pour un entretien de suivi.",
        "it": "Acconsento a essere ricontattato/a per un colloquio di follow-up.",
        "hu": "Hozzájárulok, hogy egy későbbi beszélgetés miatt ismét megkeressenek.",
    },
}


def consent_text(lang: str) -> dict:
    """The statement and the three items in ``lang`` (English if missing), with the text version."""
    return {
        "version": CONSENT_TEXT_VERSION,
        "statement": pick(STATEMENT, lang),
        "items": {key: pick(texts, lang) for key, texts in ITEMS.items()},
    }
