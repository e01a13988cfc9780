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


# The open "why" box after a closed question of the professionals' instruments (ids ending in
# WHY_SUFFIX): reasons that fit a yes, a partly or a no alike.
WHY_SUFFIX = "_why"
WHY: list[Phrase] = [
    P("It depends a lot on the region: in the capital it works, elsewhere much less.",
      "Het hangt sterk af van de regio: in de hoofdstad werkt het, elders veel minder.",
      "Cela dépend beaucoup de la région : dans la capitale cela fonctionne, ailleurs beaucoup moins.",
      "Dipende molto dalla regione: nella capitale funziona, altrove molto meno.",
      "Nagyon függ a régiótól: a fővárosban működik, máshol sokkal kevésbé."),
    P("Funding is decided from year to year, so nobody can plan beyond a few months.",
      "De financiering wordt van jaar tot jaar beslist, dus niemand kan verder dan een paar maanden vooruit plannen.",
      "Le financement est décidé d'année en année : personne ne peut prévoir au-delà de quelques mois.",
      "I finanziamenti sono decisi di anno in anno, quindi nessuno può pianificare oltre qualche mese.",
      "A finanszírozásról évről évre döntenek, így senki sem tud néhány hónapnál tovább tervezni."),
    P("The rules are there on paper, but in practice few victims reach them.",
      "Op papier bestaan de regels, maar in de praktijk bereiken weinig slachtoffers ze.",
      "Les règles existent sur le papier, mais en pratique peu de victimes y ont accès.",
      "Le regole esistono sulla carta, ma in pratica poche vittime vi accedono.",
      "Papíron léteznek a szabályok, de a gyakorlatban kevés áldozat jut el hozzájuk.",),
    P("From what I see in our cases, the specialised organisations do most of the work themselves.",
      "Uit wat ik in onze dossiers zie, doen de gespecialiseerde organisaties het meeste werk zelf.",
      "D'après ce que je vois dans nos dossiers, les organisations spécialisées font elles-mêmes l'essentiel du travail.",
      "Da quello che vedo nei nostri casi, le organizzazioni specializzate fanno da sole la maggior parte del lavoro.",
      "Az ügyeink alapján a szakosodott szervezetek maguk végzik a munka nagy részét."),
]
