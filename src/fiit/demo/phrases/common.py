"""The phrase type shared by the banks, and the fallback answers."""

from __future__ import annotations

from typing import Mapping

from fiit.vocabulary import vocabulary

# The banks are written in the study's languages; a language added later reads English (fiit.i18n.pick).
LANGUAGES = vocabulary().language_codes

# One answer in every interview language.
Phrase = Mapping[str, str]


def P(en: str, nl: str, fr: str, it: str, hu: str) -> Phrase:  # noqa: N802 - reads like a table row
    return {"en": en, "nl": nl, "fr": fr, "it": it, "hu": hu}


# For a text question no bank was written for (a question added to an instrument later).
GENERIC: list[Phrase] = [
    P("I have nothing to add on this point.",
      "Daar heb ik niets aan toe te voegen.",
      "Je n'ai rien à ajouter sur ce point.",
      "Non ho niente da aggiungere su questo punto.",
      "Ehhez nincs mit hozzátennem."),
    P("It depends on the situation; I cannot give a general answer.",
      "Dat hangt af van de situatie; ik kan er geen algemeen antwoord op geven.",
      "Cela dépend de la situation ; je ne peux pas donner de réponse générale.",
      "Dipende dalla situazione; non posso dare una risposta generale.",
      "Ez a helyzettől függ; általános választ nem tudok adni."),
]
