"""Open answers of the synthetic service providers, and their (synthetic) organisations.

Questions 1-5 are the policymakers' questions 1-5; providers answer them from
the same bank plus answers of their own, closer to daily casework.
"""

from __future__ import annotations

from fiit.demo.phrases.common import P, Phrase
from fiit.demo.phrases.policymaker import POLICYMAKER

OWN: dict[str, list[Phrase]] = {
    "q1": [
        P("For us, integration is when the person no longer needs our service and manages daily life alone.",
          "Voor ons is iemand geïntegreerd als hij onze dienst niet meer nodig heeft en het dagelijks leven alleen aankan.",
          "Pour nous, l'intégration, c'est quand la personne n'a plus besoin de notre service et gère seule son quotidien.",
          "Per noi l'integrazione è quando la persona non ha più bisogno del nostro servizio e gestisce da sola la vita quotidiana.",
          "Számunkra akkor sikeres az integráció, ha az illetőnek már nincs szüksége ránk, és egyedül boldogul a mindennapokban."),
    ],
    "q2": [
        P("Yes: for victims it also means rebuilding trust and feeling safe again.",
          "Ja: voor slachtoffers betekent het ook opnieuw vertrouwen opbouwen en zich weer veilig voelen.",
          "Oui : pour les victimes, cela veut aussi dire retrouver la confiance et se sentir de nouveau en sécurité.",
          "Sì: per le vittime significa anche ricostruire la fiducia e sentirsi di nuovo al sicuro.",
          "Igen: az áldozatoknál ez a bizalom újjáépítését és a biztonságérzet visszanyerését is jelenti."),
    ],
    "q3": [
        P("We see new cases every month; many are never identified.",
          "We zien elke maand nieuwe gevallen; veel worden nooit geïdentificeerd.",
          "Nous voyons de nouveaux cas chaque mois ; beaucoup ne sont jamais identifiés.",
          "Vediamo nuovi casi ogni mese; molti non vengono mai identificati.",
          "Minden hónapban találkozunk új esetekkel; sokat soha nem azonosítanak."),
    ],
    "q4": [
        P("Young women from outside the EU, and more and more men exploited in construction and agriculture.",
          "Jonge vrouwen van buiten de EU, en steeds meer mannen die in de bouw en de landbouw worden uitgebuit.",
          "Des jeunes femmes venues de pays tiers, et de plus en plus d'hommes exploités dans le bâtiment et l'agriculture.",
          "Giovani donne di paesi terzi e sempre più uomini sfruttati nell'edilizia e in agricoltura.",
          "Fiatal nők és egyre több férfi, akiket az építőiparban és a mezőgazdaságban zsákmányolnak ki."),
    ],
    "q5": [
        P("Stable housing after the shelter, and someone who stays in touch for a long time.",
          "Stabiele huisvesting na de opvang, en iemand die lang contact blijft houden.",
          "Un logement stable après le foyer, et quelqu'un qui garde le contact longtemps.",
          "Una casa stabile dopo la struttura di accoglienza e qualcuno che resti in contatto a lungo.",
          "Stabil lakhatás a menedékhely után, és valaki, aki hosszú ideig tartja velük a kapcsolatot."),
    ],
    # 10 - minimum standards, where there is no standard programme
    "q10": [
        P("Safe housing, a case manager, legal aid, health care and at least one year of follow-up.",
          "Veilige huisvesting, een vaste begeleider, juridische bijstand, gezondheidszorg en minstens een jaar opvolging.",
          "Un logement sûr, un référent, une aide juridique, des soins et au moins un an de suivi.",
          "Alloggio sicuro, un operatore di riferimento, assistenza legale, cure sanitarie e almeno un anno di accompagnamento.",
          "Biztonságos lakhatás, állandó esetfelelős, jogi segítség, egészségügyi ellátás és legalább egyéves utánkövetés."),
        P("A shared assessment of needs and clear referral rules between services.",
          "Een gezamenlijke inschatting van de noden en duidelijke doorverwijsregels tussen diensten.",
          "Une évaluation commune des besoins et des règles d'orientation claires entre les services.",
          "Una valutazione comune dei bisogni e regole chiare di invio tra i servizi.",
          "Közös szükségletfelmérés és világos továbbirányítási szabályok a szolgáltatók között."),
        P("Language and vocational training linked to real employers.",
          "Taal- en beroepsopleiding met een band met echte werkgevers.",
          "Des cours de langue et des formations professionnelles en lien avec de vrais employeurs.",
          "Formazione linguistica e professionale collegata a datori di lavoro reali.",
          "Valódi munkáltatókhoz kapcsolódó szakmai képzés."),
    ],
    # 11 notes - remarks on the services available
    "q11_notes": [
        P("The services exist, but places in the shelters are limited.",
          "De diensten bestaan, maar de plaatsen in de opvang zijn beperkt.",
          "Les services existent, mais les places d'hébergement sont limitées.",
          "I servizi esistono, ma i posti nelle strutture di accoglienza sono limitati.",
          "A szolgáltatások léteznek, de kevés a férőhely a szállásokon."),
        P("Job placement is mostly done by NGOs through personal contacts.",
          "Arbeidsbemiddeling gebeurt vooral door ngo's via persoonlijke contacten.",
          "L'insertion professionnelle passe surtout par les associations et leurs contacts personnels.",
          "L'inserimento lavorativo è fatto soprattutto dalle ONG tramite contatti personali.",
          "A munkába helyezést főként civil szervezetek végzik, személyes kapcsolatokon keresztül."),
        P("Psychological support is available, but the waiting lists are long.",
          "Psychologische hulp is er, maar de wachtlijsten zijn lang.",
          "Le soutien psychologique existe, mais les listes d'attente sont longues.",
          "Il sostegno psicologico è disponibile, ma le liste d'attesa sono lunghe.",
          "Pszichológiai segítség elérhető, de hosszúak a várólisták."),
    ],
    # 13 - monitoring of the (re)integration programme
    "q13": [
        P("The team reviews each case every month; there is no external monitoring.",
          "Het team bespreekt elk dossier maandelijks; er is geen externe monitoring.",
          "L'équipe revoit chaque situation tous les mois ; il n'y a pas de suivi externe.",
          "Il gruppo di lavoro rivede ogni caso una volta al mese; non c'è un monitoraggio esterno.",
          "A csapat havonta áttekint minden esetet; külső monitorozás nincs."),
        P("The funder receives a yearly report; what happens after the programme is not followed.",
          "De financier krijgt een jaarverslag; wat er na het programma gebeurt, wordt niet opgevolgd.",
          "Le financeur reçoit un rapport annuel ; ce qui se passe après le programme n'est pas suivi.",
          "Il finanziatore riceve una relazione annuale; quello che succede dopo il programma non viene seguito.",
          "A finanszírozó éves beszámolót kap; azt, hogy mi történik a program után, senki sem követi."),
        P("Only informally, through our own case files.",
          "Alleen informeel, via onze eigen dossiers.",
          "Seulement de manière informelle, à travers nos propres dossiers.",
          "Solo in modo informale, attraverso le nostre cartelle.",
          "Csak informálisan, a saját esetnyilvántartásunk alapján."),
    ],
}

SERVICE_PROVIDER: dict[str, list[Phrase]] = dict(OWN)
for _key in ("q1", "q2", "q3", "q4", "q5"):
    SERVICE_PROVIDER[_key] = POLICYMAKER[_key] + OWN[_key]
SERVICE_PROVIDER["q4#origin_country"] = POLICYMAKER["q4#origin_country"]
SERVICE_PROVIDER["q5#origin_country"] = POLICYMAKER["q5#origin_country"]

# Kinds of organisation, in "Synthetic <kind> <country>-<n>".
ORGANISATION_KINDS = ("NGO", "Shelter", "Public Agency", "Legal Aid Service")

# Main tasks of the organisation, shown after "Synthetic organisation task: ".
ORGANISATION_TASKS: list[Phrase] = [
    P("shelter and social support for victims of trafficking",
      "opvang en sociale begeleiding van slachtoffers van mensenhandel",
      "hébergement et accompagnement social des victimes de la traite",
      "accoglienza e supporto sociale alle vittime di tratta",
      "szállás és szociális támogatás emberkereskedelem áldozatainak"),
    P("legal aid and advice for migrants",
      "juridische bijstand en advies voor migranten",
      "aide et conseil juridiques aux personnes migrantes",
      "assistenza e consulenza legale ai migranti",
      "jogi segítségnyújtás és tanácsadás migránsoknak"),
    P("return and reintegration assistance",
      "hulp bij terugkeer en re-integratie",
      "aide au retour et à la réinsertion",
      "assistenza al rimpatrio e alla reintegrazione",
      "hazatérési és visszailleszkedési segítség"),
    P("outreach, helpline and referral",
      "outreach, hulplijn en doorverwijzing",
      "travail de rue, ligne d'écoute et orientation",
      "unità di strada, numero verde e invio ai servizi",
      "terepmunka, segélyvonal és továbbirányítás"),
]

# Professions of service providers, shown after "Synthetic profession: ".
PROFESSIONS: list[Phrase] = [
    P("social worker", "maatschappelijk werker", "travailleur social", "assistente sociale", "szociális munkás"),
    P("psychologist", "psycholoog", "psychologue", "psicologo", "pszichológus"),
    P("lawyer", "jurist", "juriste", "avvocato", "jogász"),
    P("shelter coordinator", "coördinator opvanghuis", "coordinateur de centre d'hébergement",
      "coordinatore di struttura di accoglienza", "menedékház-koordinátor"),
    P("cultural mediator", "cultureel bemiddelaar", "médiateur culturel", "mediatore culturale", "kulturális mediátor"),
    P("job coach", "jobcoach", "conseiller en insertion professionnelle", "orientatore al lavoro",
      "munkaerőpiaci tanácsadó"),
]
