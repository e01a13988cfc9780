"""Dutch (Nederlands): the report texts."""

NL: dict[str, str] = {
    # -- title page, notices -------------------------------------------------------------------------
    "title_comparative": "Integratie van slachtoffers van mensenhandel: vergelijkend rapport",
    "title_country": "Integratie van slachtoffers van mensenhandel: {country}",
    "subtitle": "Onderzoek: {study}. Gemaakt met fiit op {date}.",
    "synthetic_notice": "Synthetische demonstratiegegevens — geen echte interviews",
    "disclosure_line":
        "Cijfers die op minder dan {k} respondenten berusten, zijn weggelaten ({symbol}), zodat niemand herkenbaar is.",
    "all_countries_scope": "alle landen",
    "public_line": "Opgesteld voor publicatie (k = {k}).",
    "contents": "Inhoud",
    "source": "Bron",
    "note": "Noot",
    "figure": "Figuur",
    "table": "Tabel",
    "colon": ": ",
    "semicolon": "; ",
    "table_n": "Tabel {n}",
    "figure_n": "Figuur {n}",
    "src_fiit_report": "FIIT-rapport: {places}",
    "days_one": "{n} dag",
    "months_one": "{n} maand",
    "test_mann_whitney_u": "Mann-Whitney-U-toets",
    "test_kruskal_wallis": "Kruskal-Wallis-toets",
    "effect_rank_biserial": "rang-biseriële correlatie",
    "effect_epsilon_squared": "epsilon-kwadraat",
    "evidence": "Onderbouwing",
    "page": "pagina",
    # -- sections and themes -------------------------------------------------------------------------
    "sec_interviewed": "Wie werd geïnterviewd",
    "sec_frameworks": "Landenkaders",
    "sec_themes": "Bevindingen per thema",
    "sec_scales": "Tevredenheidsschalen",
    "sec_rankings": "Rangschikking van diensten door hulpverleners",
    "sec_quotes": "Citaten per thema",
    "sec_recommendations": "Aanbevelingen",
    "sec_methods": "Methodologische noot",
    "theme_general": "Algemeen",
    "intro_status":
        "Of en hoe een slachtoffer een wettelijk statuut krijgt — een bedenktijd, een verblijfsvergunning die aan "
        "medewerking met de autoriteiten is gekoppeld, of internationale bescherming — bepaalt elke latere stap "
        "van de integratie.",
    "intro_safety":
        "Veiligheid en bescherming beginnen bij de identificatie: een veilige verblijfplaats, medische zorg en "
        "eerste psychosociale hulp tijdens de bedenktijd.",
    "intro_accommodation":
        "Gespecialiseerde opvangcentra vormen de overgang van uitbuiting naar vrijheid; daarna volgt de stap naar "
        "zelfstandig wonen.",
    "intro_work":
        "Taallessen, beroepsopleiding en hulp bij het vinden van werk zijn de wegen naar economische "
        "zelfstandigheid.",
    "intro_welfare":
        "Toegang tot welzijn en diensten begint tijdens de bedenktijd en hangt af van wie de hulp verleent.",
    "intro_eu_vs_third_country":
        "Slachtoffers die EU-burger zijn vallen niet onder de vergunningen voor onderdanen van derde landen; de "
        "diensten voor beide groepen staan naast elkaar, met de schalen van de slachtoffers naar nationaliteit.",
    "framework_facts": "Wat de landenkaders zeggen",
    "scale_results": "Wat de slachtoffers zeiden (schaal 1–10)",
    "no_scale_for_theme":
        "Geen tevredenheidsschaal behandelt dit thema afzonderlijk; zie de gebruikte diensten (schaal b) bij "
        "toegang tot welzijn.",
    # -- who was interviewed -------------------------------------------------------------------------
    "interviews_intro":
        "Er werden interviews gehouden met beleidsmakers, hulpverleners en slachtoffers. Alleen afgeronde "
        "interviews tellen mee.",
    "cap_interviews": "Interviews per land en respondentengroep",
    "cap_victims_by": "Geïnterviewde slachtoffers naar {grouping}",
    "src_interviews": "fiit-onderzoeksdatabank: afgeronde interviews",
    "total": "Totaal",
    "all_countries": "Alle landen",
    "everyone": "Alle slachtoffers",
    "country": "Land",
    "instr_policymaker": "Beleidsmakers",
    "instr_service_provider": "Hulpverleners",
    "instr_victim": "Slachtoffers",
    "grouping_gender": "geslacht",
    "grouping_exploitation": "soort uitbuiting",
    "grouping_citizenship": "nationaliteit",
    "grouping_age": "leeftijd",
    "gender=female": "Vrouwen",
    "gender=male": "Mannen",
    "gender=other": "Ander geslacht",
    "gender=prefer_not_to_say": "Geslacht niet gezegd",
    "not_stated": "Niet vermeld",
    # -- satisfaction scales -------------------------------------------------------------------------
    "scales_intro":
        "Slachtoffers gaven zes aspecten van hun integratie een score van 1 (helemaal niet tevreden) tot 10 "
        "(volledig tevreden). Elke grafiek toont het gemiddelde met het 95%-bootstrapbetrouwbaarheidsinterval; "
        "groepen die door onthullingscontrole zijn weggelaten, zijn gemarkeerd en niet getekend.",
    "scale_a_scale": "Integratie in het algemeen",
    "scale_b_scale": "Gebruikte diensten",
    "scale_c_scale": "Persoonlijke behandeling",
    "scale_d_scale": "Opvolging en doorlopende steun",
    "scale_e_scale": "Werk en beroepsmatige aspecten",
    "scale_f_scale": "Hulp bij terugkeer",
    "cap_scale": "Tevredenheid over {scale}: gemiddelde en 95%-betrouwbaarheidsinterval",
    "alt_scale": "Grafiek van de gemiddelde tevredenheid over {scale} op een schaal van 1 tot 10, {details}.",
    "withheld": "weggelaten",
    "no_answers": "geen antwoorden",
    "cap_scale_table": "Tevredenheidsschalen: gemiddelde [95%-betrouwbaarheidsinterval] (n)",
    "scale": "Schaal",
    "scale_line": "{scope}: gemiddelde {mean} (95%-BI {low}–{high}, n = {n})",
    "scale_line_withheld": "{scope}: weggelaten (te weinig antwoorden)",
    "cap_citizenship": "Tevredenheid naar nationaliteit: gemiddelde [95%-betrouwbaarheidsinterval] (n)",
    "comparison_line": "{scale}, {scope}: {test}, {p}, effectgrootte: {effect} (verkennend).",
    "comparison_none":
        "Er kan geen vergelijking van EU-burgers en onderdanen van derde landen worden getoond: een groep is te "
        "klein.",
    # -- service rankings ----------------------------------------------------------------------------
    "rankings_intro":
        "Hulpverleners rangschikten de diensten in hun land, de belangrijkste eerst. De samengevoegde volgorde "
        "volgt de gemiddelde rang (lager is belangrijker; niet-gerangschikte diensten delen de resterende rangen) "
        "met de Borda-score ernaast; Kendalls W (0 tot 1) meet hoe sterk de hulpverleners het eens zijn.",
    "cap_ranking": "Diensten gerangschikt door hulpverleners ({scope})",
    "cap_ranking_chart": "Gemiddelde rang van elke dienst ({scope}); 1 is de belangrijkste",
    "alt_ranking":
        "Grafiek van de gemiddelde rang die hulpverleners aan elke dienst gaven ({scope}), waarbij 1 de belangrijkste is: {details}.",
    "rank_axis": "Gemiddelde rang (1 = belangrijkste)",
    "cap_ranking_agreement": "Overeenstemming tussen hulpverleners, per land",
    "position": "Plaats",
    "service": "Dienst",
    "mean_rank": "Gemiddelde rang",
    "borda": "Borda-score",
    "raters": "Beoordelaars",
    "kendall_w": "Kendalls W",
    "top_service": "Belangrijkste",
    "ranking_withheld": "De rangschikking is weggelaten: te weinig hulpverleners rangschikten diensten.",
    # -- quotes, recommendations, evidence -----------------------------------------------------------
    "no_quotes":
        "Nog geen goedgekeurde citaten. Een citaat verschijnt alleen als de respondent instemde met citeren en "
        "een landcoördinator het goedkeurde.",
    "no_recommendations": "Voor dit rapport zijn nog geen aanbevelingen gepubliceerd.",
    "ev_scale": "Tevredenheidsschaal: {scale} ({scope})",
    "ev_framework": "Landenkader, {scope}: {field}",
    "ev_ranking": "Rangschikking van diensten ({scope})",
    "ev_counts": "Aantallen interviews ({scope})",
    "ev_other": "Verwijzing: {ref}",
    "victim_of": "slachtoffer, {country}",
    "service_provider_of": "hulpverlener, {country}",
    "policymaker_of": "beleidsmaker, {country}",
    # -- country frameworks (Annex 2) ----------------------------------------------------------------
    "frameworks_intro":
        "De tabellen van bijlage 2 van het FIIT-rapport, opnieuw opgebouwd uit de kadergegevens van fiit. Elke "
        "waarde heeft een bron; een waarde die de bronnen niet vastleggen, staat als onbekend. Dit zijn "
        "gepubliceerde officiële cijfers en bureauonderzoek, geen interviewgegevens; onthullingscontrole is er "
        "niet op van toepassing.",
    "cap_legal": "Wettelijk kader: bedenktijd en wegen naar een wettelijk statuut",
    "cap_permit": "Aspecten van de verblijfsvergunning",
    "cap_permits_year": "Verblijfsvergunningen en geïdentificeerde slachtoffers per jaar: {country}",
    "cap_gender_exploitation": "Slachtoffers naar geslacht en soort uitbuiting: {country}",
    "cap_services_third_country": "Integratiediensten voor slachtoffers uit derde landen",
    "cap_services_eu": "Integratiediensten voor slachtoffers uit de EU",
    "no_series": "Voor {country} zijn geen jaarcijfers vastgelegd.",
    "period": "Periode",
    "aspect": "Aspect",
    "unknown": "onbekend",
    "yes": "ja",
    "no": "nee",
    "days": "{n} dagen",
    "months": "{n} maanden",
    "printed_total_differs":
        "{series}: de bron vermeldt een totaal van {printed}; de rijen tellen op tot {computed}.",
    "unknown_rows_note":
        "Rijen die als onbekend staan, hebben geen cijfer in de bron en tellen niet mee in het totaal.",
    "narrative_line": "{label} ({period}): {value}",
    "narrative_heading": "Cijfers uit de lopende tekst van de bron",
    "third_country": "slachtoffers uit derde landen",
    "eu": "EU-slachtoffers",
    # -- methods note --------------------------------------------------------------------------------
    "methods_sample":
        "Steekproef van afgeronde interviews ({scope}): slachtoffers {victims}; hulpverleners {providers}; "
        "beleidsmakers {policymakers}.",
    "methods_k":
        "Onthullingscontrole: elk cijfer dat op minder dan k = {k} respondenten berust, is weggelaten, evenals "
        "elk cijfer waaruit een weggelaten cijfer kan worden afgeleid, over alle tabellen van dit rapport heen. "
        "In dit rapport werden {cells} verschillende aantallen gecontroleerd: {published} gepubliceerd, {primary} "
        "weggelaten als te klein en {secondary} weggelaten om die te beschermen. Weggelaten cijfers staan als "
        "{symbol}; een schaalstatistiek wordt samen met haar n weggelaten.",
    "methods_scales":
        "Schalen: n telt de gegeven antwoorden (ontbrekende antwoorden vallen weg); het 95%-interval van het "
        "gemiddelde is een percentielbootstrap met 2.000 hersteekproeven en een vaste seed. Groepen worden "
        "vergeleken met de Mann-Whitney-U-toets (twee groepen) of de Kruskal-Wallis-toets (meer), met een "
        "effectgrootte.",
    "methods_exploratory":
        "De steekproeven zijn klein. Elke vergelijking tussen landen of groepen is verkennend: ze beschrijft de "
        "geïnterviewden en laat geen conclusies toe over alle slachtoffers in een land.",
    "methods_privacy":
        "Geen respondentcode of naam verschijnt in dit rapport; open antwoorden verschijnen alleen als citaat "
        "waarvoor de respondent toestemming gaf en dat een landcoördinator goedkeurde.",
    "methods_frameworks":
        "Landenkaders: het FIIT-rapport (bijlage 2 en de landenhoofdstukken), elke waarde met haar bron.",
    "methods_synthetic":
        "Alle interviewgegevens in dit rapport zijn synthetisch, voor demonstratie gegenereerd uit een vaste "
        "seed. Ze beschrijven geen echte persoon.",
    # -- framework caveats (reports) ---------------------------------------------------------------
    "disputed": "betwist",
    "disputed_note": "Betwist: {reason}",
    "cap_theme_facts": "Wat de landenkaders zeggen: {theme}",
    "cap_services_national": "Diensten voor slachtoffers die onderdaan van het land zijn",
    "national": "slachtoffers met de nationaliteit van het land",
    "value": "Waarde",
    "footnotes": "Noten",
    # -- the seed's plan (reports) -------------------------------------------------------------------
    "sec_aim": "Doel en onderzoeksvraag",
    "aim_text": "Het onderzoek evalueert hoe slachtoffers van mensenhandel geholpen worden om op lange termijn te integreren, zodat goede praktijken in de juridische, economische en psychosociale aspecten van integratie gevonden, gedeeld en overgedragen kunnen worden.",
    "research_question": "Onderzoeksvraag: welke inspanningen worden verricht om slachtoffers van mensenhandel te integreren in de EU-lidstaten, en hoe kan deze aanpak verbeterd worden?",
    "aim_source": "Naar het FIIT-rapport, hoofdstuk ‘Inleiding’, paragraaf ‘De centrale onderzoeksvraag’.",
    "sec_method": "Methode",
    "sec_fieldwork": "Teams, veldwerk en talen",
    "teams_text": "Nationale teams van de coördinerende organisatie en van NGO's die slachtoffers bijstaan, interviewden beleidsmakers, dienstverleners en slachtoffers met drie gestructureerde instrumenten (bijlage 1), in de taal van het land; de landenkaders komen uit bureauonderzoek (bijlage 2).",
    "fieldwork_line": "{country}: definitieve interviews van {first} tot {last}, in het {languages}; instrumenten: {instruments}.",
    "fieldwork_none": "Nog geen definitieve interviews.",
    "sec_sample": "De steekproef",
    "sec_limits": "Beperkingen van de selectie",
    "limits_text": "De geïnterviewden vormen geen representatieve steekproef: slachtoffers werden bereikt via de organisaties die hen bijstaan en door hun medewerkers geïnterviewd, wat een gevoel van veiligheid geeft maar kritiek kan ontmoedigen; slachtoffers die geen contact meer hebben met diensten, en in sommige landen wie de bedenktijd voorbij was, konden niet bereikt worden. De interviews zijn te weinig om representatief te zijn; hun informatie is eerder kwalitatief dan kwantitatief.",
    "no_framework": "Voor dit rapport is geen landenkader vastgelegd.",
    "professionals_said": "Wat beleidsmakers en dienstverleners zeiden",
    "victims_said": "Wat slachtoffers zeiden",
    "no_findings": "Voor dit thema zijn nog geen bevindingen gepubliceerd.",
    "good_practices": "Goede praktijken",
    "no_good_practices": "Voor dit thema zijn nog geen goede praktijken gepubliceerd.",
    "sec_groups": "Eigen onderdanen, EU-burgers en onderdanen van derde landen vergeleken",
    "group_one_country": "{group} komen (bijna) allemaal uit {country}: een verschil tussen deze groep en de andere kan een verschil tussen landen zijn.",
    "sec_conclusions": "Conclusies",
    "no_conclusions": "Voor dit rapport zijn nog geen conclusies gepubliceerd.",
    "sec_annex_instruments": "Bijlage 1: de gebruikte instrumenten",
    "annex_instruments_intro": "De drie gestructureerde interviews, met de versies waarop de interviews van dit rapport zijn afgenomen. De formulering van fiit volgt de opbouw, nummering en schalen van bijlage 1 van het FIIT-rapport.",
    "instrument_versions": "Huidige versie {current} ({questions} vragen); versies gebruikt in de interviews van dit rapport: {used}.",
    "sec_annex_frameworks": "Bijlage 2: landenkaders",
    "sec_annex_methods": "Bijlage 3: methodologische noot",
    "answered": "Geantwoord",
    "cap_closed": "{group}, per land: {question}",
    "closed_rule": "De antwoorden van een land worden getoond wanneer minstens {n} personen antwoordden en niet allen hetzelfde antwoord gaven; anders wordt de verdeling niet getoond ({symbol}).",
    "methods_design_counts": "Ontwerpaantallen: hoeveel beleidsmakers, dienstverleners en slachtoffers er per land werden geïnterviewd, wordt gepubliceerd, zoals het FIIT-onderzoek zelf doet; elke andere tabel wordt beschermd met kennis van deze aantallen.",
    "methods_professionals": "Beleidsmakers en dienstverleners spreken namens hun organisatie: hun gesloten antwoorden worden per land gepubliceerd wanneer minstens {n} van de groep antwoordden en niet allen hetzelfde antwoord gaven, zodat geen cel het antwoord van één persoon prijsgeeft.",
    "methods_tests": "Toetsen: er werden {n} groepsvergelijkingen berekend. Ze staan alleen hier, niet in de hoofdstukken: bij zoveel toetsen verschijnen sommige verschillen louter door toeval (er is niet gecorrigeerd voor meervoudige vergelijkingen), en bij deze steekproefgroottes bewijst noch weerlegt een toets een verschil.",
    "methods_demo_effects": "De verschillen tussen landen in de demo zijn willekeurig getrokken uit een vaste seed; ze zijn niet afgestemd op het verhaal van het FIIT-rapport en bevestigen daar niets van.",
    "no_quotes_theme": "Geen goedgekeurd citaat voor dit thema.",
    "all_weighted": "Alle landen, elke respondent even zwaar",
    "all_balanced": "Alle landen, elk land even zwaar",
    "scale_line_dots": "{scope}: {n} antwoorden, een voor een getoond (minder dan 10)",
    "scale_line_balanced": "elk land even zwaar: gemiddelde {mean} (95%-BI {low}–{high}, {countries} landen)",
    "dots_note": "Waar minder dan 10 personen antwoordden, is elke stip één antwoord: er is geen gemiddelde of interval getekend.",
    "offered_to": "Gerangschikt door (dienstverleners)",
    "offered_note": "Een dienst wordt alleen gerangschikt door dienstverleners in landen die hem aanbieden: een dienst die in weinig landen bestaat, zakt niet door de andere.",
    "sec_baseline": "De aanbevelingen van het FIIT-rapport (basislijn 2013)",
    "baseline_intro": "Ter vergelijking de vijf aanbevelingen die het FIIT-rapport in 2013 deed, in de woorden van fiit. Het zijn geen bevindingen van dit onderzoek.",
    # --- qual: breakdowns left out whole (small studies) ---
    "methods_withheld": "Volledig weggelaten, omdat geen enkele uitsplitsing ervan gepubliceerd kon worden zonder iemand in zo'n kleine groep herkenbaar te maken: {tables}.",
    "withheld_by": "{what} naar {grouping}",
    "grouping_country": "land",
    # --- status chapter (victim instrument 1.2.0) ---
    "status_intro": "Verblijfsstatus en het jaar van identificatie worden gevraagd vanaf versie 1.2.0 van het slachtofferinstrument. Slachtoffers die met een eerdere versie werden geïnterviewd, kregen die vragen niet en tellen als \"niet gevraagd\"; \"niet vermeld\" betekent gevraagd zonder antwoord. De aantallen beschrijven de geïnterviewde slachtoffers, gekozen door de organisaties die hen hielpen: ze zijn niet representatief voor alle slachtoffers.",
    "status_not_asked_yet": "Geen enkel slachtoffer in dit rapport werd geïnterviewd met versie 1.2.0 of later van het slachtofferinstrument, die naar de verblijfsstatus vraagt: het rapport kan daar uit de interviews niets over zeggen.",
    "cap_residence_group": "Slachtoffers naar verblijfsstatus bij het interview en land",
    "cap_residence_status": "Slachtoffers naar verblijfsstatus bij het interview ({scope})",
    "cap_years_since_identification": "Slachtoffers naar jaren tussen hun identificatie als slachtoffer en het interview, en land",
    "status_group": "Soort status",
    "status_detail": "Verblijfsstatus",
    "status_victims": "Slachtoffers",
    "status_not_stated": "Niet vermeld",
    "status_not_asked": "Niet gevraagd (eerdere versie van het instrument)",
    "status_years_0_1": "0-1 jaar",
    "status_years_2_3": "2-3 jaar",
    "status_years_4_plus": "4 jaar of meer",
    "overall_rating": "Integratie in het algemeen, zoals slachtoffers ze beoordeelden",
}
