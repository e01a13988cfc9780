"""How many respondents raised a finding: "raised by 4 of 7 service providers in Belgium", under
disclosure control.

The rules (documented in the report's methods note):

* Policymakers and service providers speak for their organisations and are few per country; their
  support is shown when at least ``PROFESSIONALS_MIN_N`` (3) of that group were interviewed in that
  country, with the exact n — the same rule as the professionals' closed answers by country.
* Victims: N (how many were interviewed) is a design count and is published; n is shown only when it is
  0 or at least k (5, or 10 for a public report); otherwise the support reads "fewer than k of N", or
  "some of the N" where N itself is at most k ("fewer than 5 of 2" would say nothing true to a reader).

Counting is by respondent: several passages of one interview count once.
"""

from __future__ import annotations

from dataclasses import dataclass

from fiit.i18n import pick

PROFESSIONALS = ("policymaker", "service_provider")
PROFESSIONALS_MIN_N = 3

GROUP_PLURAL = {
    "policymaker": {"en": "policymakers", "nl": "beleidsmakers", "fr": "décideurs politiques",
                    "it": "decisori politici", "hu": "döntéshozó"},
    "service_provider": {"en": "service providers", "nl": "dienstverleners", "fr": "prestataires de services",
                         "it": "operatori dei servizi", "hu": "szolgáltató"},
    "victim": {"en": "victims", "nl": "slachtoffers", "fr": "victimes", "it": "vittime", "hu": "áldozat"},
}
_RAISED = {
    "en": "raised by {n} of {N} {group} in {place}",
    "nl": "aangehaald door {n} van de {N} {group} in {place}",
    "fr": "soulevé par {n} des {N} {group} en {place}",
    "it": "sollevato da {n} su {N} {group} in {place}",
    "hu": "{N} {group} közül {n} említette ({place})",
}
_FEWER = {"en": "fewer than {k}", "nl": "minder dan {k}", "fr": "moins de {k}", "it": "meno di {k}",
          "hu": "kevesebb mint {k}"}
_SOME_RAISED = {
    "en": "raised by some of the {N} {group} in {place}",
    "nl": "aangehaald door enkele van de {N} {group} in {place}",
    "fr": "soulevé par certains des {N} {group} en {place}",
    "it": "sollevato da alcuni dei {N} {group} in {place}",
    "hu": "a(z) {N} {group} közül néhány említette ({place})",
}
_WITHHELD = {
    "en": "support withheld: fewer than {m} {group} interviewed in {place}",
    "nl": "steun niet getoond: minder dan {m} {group} geïnterviewd in {place}",
    "fr": "soutien non publié : moins de {m} {group} interrogés en {place}",
    "it": "sostegno non pubblicato: meno di {m} {group} intervistati in {place}",
    "hu": "a támogatottság nem közölhető: kevesebb mint {m} {group} interjú ({place})",
}
ALL_COUNTRIES = {"en": "all countries", "nl": "alle landen", "fr": "tous les pays", "it": "tutti i paesi",
                 "hu": "minden ország"}


@dataclass(frozen=True)
class Support:
    """Support of a finding in one group and place, already through disclosure control."""

    group: str
    country: str | None
    n: int | None          # None: withheld (only "fewer than k" may be said, or nothing)
    total: int | None      # None: withheld (too few professionals interviewed)
    k: int
    below_k: bool = False

    def sentence(self, lang: str, place: str) -> str:
        group = pick(GROUP_PLURAL.get(self.group, {"en": self.group}), lang)
        if self.total is None:
            return pick(_WITHHELD, lang).format(m=PROFESSIONALS_MIN_N, group=group, place=place)
        if self.below_k and self.total <= self.k:
            return pick(_SOME_RAISED, lang).format(N=self.total, group=group, place=place)
        n = pick(_FEWER, lang).format(k=self.k) if self.below_k else str(self.n)
        return pick(_RAISED, lang).format(n=n, N=self.total, group=group, place=place)

    def to_dict(self) -> dict:
        return {"group": self.group, "country": self.country, "n": self.n, "N": self.total, "k": self.k,
                "below_k": self.below_k}


def support(group: str, country: str | None, raised: int, interviewed: int, *, k: int) -> Support:
    """The publishable support of ``raised`` respondents out of ``interviewed`` (see the module rules)."""
    if raised < 0 or interviewed < 0 or raised > interviewed:
        raise ValueError("raised must lie between 0 and the number interviewed")
    if group in PROFESSIONALS:
        if interviewed < PROFESSIONALS_MIN_N:
            return Support(group, country, None, None, k)
        return Support(group, country, raised, interviewed, k)
    if raised == 0 or raised >= k:
        return Support(group, country, raised, interviewed, k)
    return Support(group, country, None, interviewed, k, below_k=True)
