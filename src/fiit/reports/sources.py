"""Where a framework value comes from in the FIIT report, said in the report's language.

The Dutch names are the seed's own headings (it is the Dutch edition); the
other languages translate them. Sources in the framework files are written in English, in two forms joined
by ';': ``Annex 2, table 'Residence permits issued'`` and ``Chapter 'Status',
section 'Belgium'``. :func:`place` rewrites one such place: the frame words
and the names of the report's chapters, sections and tables it knows. A name
it doesn't know stays as written, so a new framework file is never wrong, only
partly in English.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

FRAMES: dict[str, tuple[str, str, str]] = {  # lang -> (table, chapter, section) templates
    "en": ("Annex 2, table '{name}'", "Chapter '{name}'", ", section '{name}'"),
    "nl": ("Bijlage 2, tabel ‘{name}’", "Hoofdstuk ‘{name}’", ", paragraaf ‘{name}’"),
    "fr": (f"Annexe 2, tableau «{NBSP}{{name}}{NBSP}»", f"Chapitre «{NBSP}{{name}}{NBSP}»",
           f", section «{NBSP}{{name}}{NBSP}»"),
    "it": ("Allegato 2, tabella «{name}»", "Capitolo «{name}»", ", sezione «{name}»"),
    "hu": ("2. melléklet, „{name}” táblázat", "„{name}” fejezet", ", „{name}” alfejezet"),
}

_EU_AVR = {"nl": "diensten en bijstand bij vrijwillige terugkeer en re-integratie", "fr": "services et retour volontaire assisté",
           "it": "servizi e rimpatrio volontario assistito",
           "hu": "szolgáltatások és támogatott önkéntes hazatérés"}
_WHO = {"nl": "wie verleent de bijstand", "fr": "qui fournit l'assistance", "it": "chi fornisce assistenza",
        "hu": "ki nyújt segítséget"}
_EU = {"nl": "Integratiediensten voor EU-slachtoffers van mensenhandel: ", "fr": f"Services d'intégration pour les victimes "
       f"ressortissantes de l'UE{NBSP}: ", "it": "Servizi di integrazione per le vittime cittadine dell'UE: ",
       "hu": "Integrációs szolgáltatások uniós áldozatok számára: "}
_TC = {"nl": "Integratiediensten voor slachtoffers van mensenhandel uit derde landen: ", "fr": f"Services d'intégration pour les "
       f"victimes ressortissantes de pays tiers{NBSP}: ", "it": "Servizi di integrazione per le vittime di paesi "
       "terzi: ", "hu": "Integrációs szolgáltatások harmadik országbeli áldozatok számára: "}

#: English name -> its name in nl, fr, it, hu.
NAMES: dict[str, dict[str, str]] = {
    # chapters
    "Access to welfare and social assistance": {
        "nl": "Toegang tot welzijns- en maatschappelijke hulp", "fr": "Accès à la protection sociale et à l'aide sociale",
        "it": "Accesso al welfare e all'assistenza sociale",
        "hu": "Hozzáférés a jóléti ellátásokhoz és a szociális segítséghez"},
    "Conclusions and recommendations": {
        "nl": "Conclusies en aanbevelingen", "fr": "Conclusions et recommandations",
        "it": "Conclusioni e raccomandazioni", "hu": "Következtetések és ajánlások"},
    "Different situations for third-country nationals and EU citizens": {
        "nl": "Verschillende situaties voor onderdanen van derde landen en EU-burgers",
        "fr": "Situations différentes des ressortissants de pays tiers et des citoyens de l'UE",
        "it": "Situazioni diverse per i cittadini di paesi terzi e i cittadini dell'UE",
        "hu": "Eltérő helyzetek a harmadik országbeli állampolgárok és az uniós polgárok esetében"},
    "Safety and protection": {"nl": "Veiligheid en bescherming", "fr": "Sécurité et protection",
                              "it": "Sicurezza e protezione", "hu": "Biztonság és védelem"},
    "Shelter": {"nl": "Opvang", "fr": "Hébergement", "it": "Accoglienza", "hu": "Szálláshely"},
    "Status": {"nl": "Statuut", "fr": "Statut", "it": "Status giuridico", "hu": "Jogállás"},
    "Work": {"nl": "Werk", "fr": "Travail", "it": "Lavoro", "hu": "Munka"},
    "Transition and independence": {"nl": "Overgang en verzelfstandiging", "fr": "Transition et autonomie",
                                    "it": "Transizione e autonomia", "hu": "Átmenet és önállósodás"},
    # sections
    "Legal basis in the EU": {"nl": "Wettelijke basis in de EU", "fr": "Base juridique dans l'UE",
                              "it": "Base giuridica nell'UE", "hu": "Jogalap az EU-ban"},
    "Summary of findings on status": {
        "nl": "Samenvatting van de bevindingen over het statuut", "fr": "Synthèse des constats sur le statut",
        "it": "Sintesi dei risultati sullo status giuridico",
        "hu": "A jogállásra vonatkozó megállapítások összefoglalása"},
    "Belgium": {"nl": "België", "fr": "Belgique", "it": "Belgio", "hu": "Belgium"},
    "France": {"nl": "Frankrijk", "fr": "France", "it": "Francia", "hu": "Franciaország"},
    "Hungary": {"nl": "Hongarije", "fr": "Hongrie", "it": "Ungheria", "hu": "Magyarország"},
    "Italy": {"nl": "Italië", "fr": "Italie", "it": "Italia", "hu": "Olaszország"},
    "United Kingdom": {"nl": "Verenigd Koninkrijk", "fr": "Royaume-Uni", "it": "Regno Unito",
                       "hu": "Egyesült Királyság"},
    # tables of Annex 2
    "Aspects of the residence permit": {
        "nl": "Aspecten van de verblijfsvergunning", "fr": "Aspects du titre de séjour",
        "it": "Aspetti del permesso di soggiorno", "hu": "A tartózkodási engedély jellemzői"},
    "Residence permits issued": {"nl": "Afgegeven verblijfsvergunningen", "fr": "Titres de séjour délivrés",
                                 "it": "Permessi di soggiorno rilasciati", "hu": "Kiadott tartózkodási engedélyek"},
    "Number of identified victims": {"nl": "Aantal geïdentificeerde slachtoffers",
                                     "fr": "Nombre de victimes identifiées", "it": "Numero di vittime identificate",
                                     "hu": "Az azonosított áldozatok száma"},
    "Gender and form of exploitation": {"nl": "Geslacht en soort uitbuiting", "fr": "Sexe et forme d'exploitation",
                                        "it": "Genere e forma di sfruttamento",
                                        "hu": "Nem és a kizsákmányolás formája"},
    "Integration services for EU victims: services and assisted voluntary return": {
        lang: _EU[lang] + _EU_AVR[lang] for lang in _EU},
    "Integration services for EU victims: who provides assistance": {lang: _EU[lang] + _WHO[lang] for lang in _EU},
    "Integration services for third-country victims: services and assisted voluntary return": {
        lang: _TC[lang] + _EU_AVR[lang] for lang in _TC},
    "Integration services for third-country victims: who provides assistance": {
        lang: _TC[lang] + _WHO[lang] for lang in _TC},
}

_TABLE = re.compile(r"Annex 2, table '(?P<name>.+)'")
_CHAPTER = re.compile(r"Chapter '(?P<name>.+?)'(?:, section '(?P<section>.+)')?")


def _name(name: str, lang: str) -> str:
    return NAMES.get(name, {}).get(lang, name)


def place(text: str, lang: str) -> str:
    """One place in the FIIT report (``Annex 2, table '…'`` or ``Chapter '…'[, section '…']``) in ``lang``."""
    table_t, chapter_t, section_t = FRAMES.get(lang, FRAMES["en"])
    if m := _TABLE.fullmatch(text):
        return table_t.format(name=_name(m["name"], lang))
    if m := _CHAPTER.fullmatch(text):
        out = chapter_t.format(name=_name(m["name"], lang))
        return out + (section_t.format(name=_name(m["section"], lang)) if m["section"] else "")
    return text
