"""Italian (italiano): the report texts.

Country names are filled in without an article ("Belgio"), so no sentence puts
``{country}`` after a preposition; "oscurato" is the usual word for a figure
withheld to protect statistical confidentiality.
"""

IT: dict[str, str] = {
    # -- title page, notices -------------------------------------------------------------------------
    "title_comparative": "Integrazione delle vittime di tratta di esseri umani: rapporto comparativo",
    "title_country": "Integrazione delle vittime di tratta di esseri umani: {country}",
    "subtitle": "Studio: {study}. Documento generato con fiit il {date}.",
    "synthetic_notice": "Dati dimostrativi sintetici — non si tratta di interviste reali",
    "disclosure_line":
        "I valori basati su meno di {k} rispondenti sono oscurati ({symbol}), perché nessuno sia riconoscibile.",
    "all_countries_scope": "tutti i paesi",
    "public_line": "Versione predisposta per la pubblicazione (k = {k}).",
    "contents": "Indice",
    "source": "Fonte",
    "note": "Nota",
    "figure": "Figura",
    "table": "Tabella",
    "colon": ": ",
    "semicolon": "; ",
    "table_n": "Tabella {n}",
    "figure_n": "Figura {n}",
    "src_fiit_report": "Rapporto FIIT: {places}",
    "days_one": "{n} giorno",
    "months_one": "{n} mese",
    "test_mann_whitney_u": "test U di Mann-Whitney",
    "test_kruskal_wallis": "test di Kruskal-Wallis",
    "effect_rank_biserial": "correlazione rango-biseriale",
    "effect_epsilon_squared": "epsilon quadro",
    "evidence": "Elementi a supporto",
    "page": "pagina",
    # -- sections and themes -------------------------------------------------------------------------
    "sec_interviewed": "Persone intervistate",
    "sec_frameworks": "Quadri nazionali",
    "sec_themes": "Risultati per tema",
    "sec_scales": "Scale di soddisfazione",
    "sec_rankings": "Classifica dei servizi secondo gli operatori",
    "sec_quotes": "Citazioni per tema",
    "sec_recommendations": "Raccomandazioni",
    "sec_methods": "Nota metodologica",
    "theme_general": "Aspetti generali",
    "intro_status":
        "Se e in che modo una vittima ottiene uno status giuridico — un periodo di riflessione, un permesso di "
        "soggiorno legato alla collaborazione con le autorità o la protezione internazionale — condiziona ogni "
        "fase successiva dell'integrazione.",
    "intro_safety":
        "La sicurezza e la protezione iniziano con l'identificazione: un luogo sicuro in cui stare, le cure "
        "mediche e un primo supporto psicosociale durante il periodo di riflessione.",
    "intro_accommodation":
        "Le strutture di accoglienza specializzate segnano il passaggio dallo sfruttamento alla libertà; segue poi "
        "la transizione verso un alloggio autonomo.",
    "intro_work":
        "I corsi di lingua, la formazione professionale e il sostegno nella ricerca di lavoro sono le vie verso "
        "l'autonomia economica.",
    "intro_welfare":
        "L'accesso al welfare e all'assistenza sociale inizia già durante il periodo di riflessione e dipende dai "
        "soggetti che erogano i servizi.",
    "intro_eu_vs_third_country":
        "Le vittime cittadine dell'UE non rientrano nei permessi di soggiorno previsti per i cittadini di paesi "
        "terzi; i servizi accessibili ai due gruppi sono posti a confronto, insieme alle scale di soddisfazione "
        "delle vittime per cittadinanza.",
    "framework_facts": "Che cosa prevedono i quadri nazionali",
    "scale_results": "Che cosa hanno dichiarato le vittime (scala da 1 a 10)",
    "no_scale_for_theme":
        "Nessuna scala di soddisfazione riguarda specificamente questo tema; si vedano i servizi utilizzati "
        "(scala b) nella parte dedicata all'accesso al welfare e all'assistenza sociale.",
    # -- who was interviewed -------------------------------------------------------------------------
    "interviews_intro":
        "Sono state condotte interviste con decisori politici, operatori dei servizi e vittime. Sono conteggiate "
        "solo le interviste definitive.",
    "cap_interviews": "Interviste per paese e gruppo di rispondenti",
    "cap_victims_by": "Vittime intervistate per {grouping}",
    "src_interviews": "Banca dati dello studio fiit: interviste definitive",
    "total": "Totale",
    "all_countries": "Tutti i paesi",
    "everyone": "Tutte le vittime",
    "country": "Paese",
    "instr_policymaker": "Decisori politici",
    "instr_service_provider": "Operatori dei servizi",
    "instr_victim": "Vittime",
    "grouping_gender": "genere",
    "grouping_exploitation": "forma di sfruttamento",
    "grouping_citizenship": "cittadinanza",
    "grouping_age": "età",
    "gender=female": "Donne",
    "gender=male": "Uomini",
    "gender=other": "Altro genere",
    "gender=prefer_not_to_say": "Genere non dichiarato",
    "not_stated": "Non indicato",
    # -- satisfaction scales -------------------------------------------------------------------------
    "scales_intro":
        "Le vittime hanno valutato sei aspetti della propria integrazione su una scala da 1 (per nulla "
        "soddisfatto) a 10 (pienamente soddisfatto). Ogni grafico riporta la media con il relativo intervallo di "
        "confidenza bootstrap al 95%; i gruppi oscurati per la tutela della riservatezza statistica sono segnalati "
        "e non vengono rappresentati.",
    "scale_a_scale": "Integrazione complessiva",
    "scale_b_scale": "Servizi utilizzati",
    "scale_c_scale": "Trattamento ricevuto",
    "scale_d_scale": "Monitoraggio e sostegno continuativo",
    "scale_e_scale": "Lavoro e aspetti professionali",
    "scale_f_scale": "Assistenza al rientro",
    "cap_scale": "Soddisfazione per «{scale}»: media e intervallo di confidenza al 95%",
    "alt_scale": "Grafico della soddisfazione media per «{scale}», su una scala da 1 a 10; {details}.",
    "withheld": "oscurato",
    "no_answers": "nessuna risposta",
    "cap_scale_table": "Scale di soddisfazione: media [intervallo di confidenza al 95%] (n)",
    "scale": "Scala",
    "scale_line": "{scope}: media {mean} (IC 95% {low}–{high}, n = {n})",
    "scale_line_withheld": "{scope}: oscurato (risposte insufficienti)",
    "cap_citizenship": "Soddisfazione per cittadinanza: media [intervallo di confidenza al 95%] (n)",
    "comparison_line":
        "{scale}, {scope}: {test}, {p}, dimensione dell'effetto {effect} (analisi esplorativa).",
    "comparison_none":
        "Non è possibile presentare un confronto tra cittadini dell'UE e cittadini di paesi terzi: uno dei gruppi "
        "è troppo piccolo.",
    # -- service rankings ----------------------------------------------------------------------------
    "rankings_intro":
        "Gli operatori dei servizi hanno classificato i servizi disponibili nel proprio paese, dal più importante "
        "al meno importante. L'ordine aggregato segue il rango medio (un valore più basso indica una maggiore "
        "importanza; i servizi non classificati da un operatore si ripartiscono i ranghi restanti), affiancato dal "
        "punteggio di Borda; la W di Kendall (da 0 a 1) misura il grado di accordo tra gli operatori.",
    "cap_ranking": "Servizi classificati dagli operatori dei servizi ({scope})",
    "cap_ranking_chart": "Rango medio di ciascun servizio ({scope}); 1 è il più importante",
    "alt_ranking":
        "Grafico del rango medio attribuito a ciascun servizio dagli operatori dei servizi ({scope}), dove 1 è il più importante: {details}.",
    "rank_axis": "Rango medio (1 = il più importante)",
    "cap_ranking_agreement": "Grado di accordo tra gli operatori dei servizi, per paese",
    "position": "Posizione",
    "service": "Servizio",
    "mean_rank": "Rango medio",
    "borda": "Punteggio di Borda",
    "raters": "Valutatori",
    "kendall_w": "W di Kendall",
    "top_service": "Servizio più importante",
    "ranking_withheld": "La classifica è oscurata: troppo pochi operatori dei servizi hanno classificato i servizi.",
    # -- quotes, recommendations, evidence -----------------------------------------------------------
    "no_quotes":
        "Non ci sono ancora citazioni approvate. Una citazione compare solo se il rispondente ha acconsentito a "
        "essere citato e un coordinatore nazionale l'ha approvata.",
    "no_recommendations": "Per questo rapporto non sono ancora state pubblicate raccomandazioni.",
    "ev_scale": "Scala di soddisfazione: {scale} ({scope})",
    "ev_framework": "Quadro nazionale, {scope}: {field}",
    "ev_ranking": "Classifica dei servizi ({scope})",
    "ev_counts": "Numero di interviste ({scope})",
    "ev_other": "Riferimento: {ref}",
    "victim_of": "vittima, {country}",
    "service_provider_of": "operatore dei servizi, {country}",
    "policymaker_of": "decisore politico, {country}",
    # -- country frameworks (Annex 2) ----------------------------------------------------------------
    "frameworks_intro":
        "Le tabelle dell'allegato 2 del rapporto FIIT, ricostruite a partire dai dati di fiit sui quadri "
        "nazionali. Ogni valore è accompagnato dalla relativa fonte; un valore che le fonti non consentono di "
        "stabilire è indicato come sconosciuto. Si tratta di dati ufficiali pubblicati e di risultati della "
        "ricerca documentale, non di dati da interviste: la tutela della riservatezza statistica pertanto non si "
        "applica.",
    "cap_legal": "Quadro giuridico: periodo di riflessione e vie di accesso a uno status giuridico",
    "cap_permit": "Caratteristiche del permesso di soggiorno",
    "cap_permits_year": "Permessi di soggiorno rilasciati e vittime identificate per anno: {country}",
    "cap_gender_exploitation": "Vittime per genere e forma di sfruttamento: {country}",
    "cap_services_third_country": "Servizi di integrazione per le vittime cittadine di paesi terzi",
    "cap_services_eu": "Servizi di integrazione per le vittime cittadine dell'UE",
    "no_series": "{country}: non sono registrati dati annuali.",
    "period": "Periodo",
    "aspect": "Aspetto",
    "unknown": "sconosciuto",
    "yes": "sì",
    "no": "no",
    "days": "{n} giorni",
    "months": "{n} mesi",
    "printed_total_differs": "{series}: la fonte riporta un totale di {printed}; la somma delle righe è {computed}.",
    "unknown_rows_note":
        "Le righe indicate come sconosciute non hanno un valore nella fonte e sono escluse dal totale.",
    "narrative_line": "{label} ({period}): {value}",
    "narrative_heading": "Dati citati nel testo della fonte",
    "third_country": "vittime di paesi terzi",
    "eu": "vittime cittadine dell'UE",
    # -- methods note --------------------------------------------------------------------------------
    "methods_sample":
        "Campione delle interviste definitive ({scope}): vittime: {victims}; operatori dei servizi: {providers}; "
        "decisori politici: {policymakers}.",
    "methods_k":
        "Tutela della riservatezza statistica: ogni valore basato su meno di k = {k} rispondenti è oscurato, così "
        "come ogni valore da cui si potrebbe ricavare un valore oscurato, in tutte le tabelle del presente "
        "rapporto. Frequenze distinte verificate in questo rapporto: {cells}; pubblicate: {published}; oscurate "
        "perché troppo basse (oscuramento primario): {primary}; oscurate per proteggere queste ultime "
        "(oscuramento secondario): {secondary}. I valori oscurati sono indicati con {symbol}; una statistica di "
        "scala viene oscurata insieme al relativo n.",
    "methods_scales":
        "Scale: n indica il numero di risposte fornite (le risposte mancanti sono escluse); l'intervallo al 95% "
        "della media è un intervallo bootstrap percentile con 2.000 ricampionamenti e un seme fisso. I gruppi sono "
        "confrontati con il test U di Mann-Whitney (due gruppi) o con il test di Kruskal-Wallis (più di due "
        "gruppi), con una misura della dimensione dell'effetto.",
    "methods_exploratory":
        "I campioni sono di piccole dimensioni. Ogni confronto tra paesi o tra gruppi ha carattere esplorativo: "
        "descrive le persone intervistate e non consente di trarre conclusioni sull'insieme delle vittime di un "
        "paese.",
    "methods_privacy":
        "Nel presente rapporto non compaiono codici dei rispondenti né nomi; le risposte aperte compaiono solo come "
        "citazioni, con il consenso del rispondente e l'approvazione di un coordinatore nazionale.",
    "methods_frameworks":
        "Quadri nazionali: il rapporto FIIT (allegato 2 e capitoli nazionali), con la fonte di ciascun valore.",
    "methods_synthetic":
        "Tutti i dati di intervista contenuti in questo rapporto sono sintetici, generati a scopo dimostrativo a "
        "partire da un seme fisso. Non descrivono alcuna persona reale.",
    # -- framework caveats (reports) ---------------------------------------------------------------
    "disputed": "contestato",
    "disputed_note": "Contestato: {reason}",
    "cap_theme_facts": "Che cosa dicono i quadri nazionali: {theme}",
    "cap_services_national": "Servizi per le vittime cittadine del paese",
    "national": "vittime cittadine del paese",
    "value": "Valore",
    "footnotes": "Note",
    # -- the seed's plan (reports) -------------------------------------------------------------------
    "sec_aim": "Obiettivo e domanda di ricerca",
    "aim_text": "Lo studio valuta come le vittime di tratta vengono aiutate a integrarsi nel lungo periodo, per individuare, condividere e trasferire le buone pratiche negli aspetti giuridici, economici e psicosociali dell'integrazione.",
    "research_question": "Domanda di ricerca: che cosa si fa per integrare le vittime di tratta negli Stati membri dell'UE, e come si può migliorare?",
    "aim_source": "Dal rapporto FIIT, capitolo «Introduzione», sezione «La domanda di ricerca centrale».",
    "sec_method": "Metodo",
    "sec_fieldwork": "Gruppi, lavoro sul campo e lingue",
    "teams_text": "Gruppi nazionali dell'organizzazione di coordinamento e di ONG che assistono le vittime hanno intervistato decisori politici, operatori dei servizi e vittime con tre strumenti strutturati (allegato 1), nella lingua del paese; i quadri nazionali provengono da ricerca documentale (allegato 2).",
    "fieldwork_line": "{country}: interviste definitive dal {first} al {last}, in {languages}; strumenti: {instruments}.",
    "fieldwork_none": "Ancora nessuna intervista definitiva.",
    "sec_sample": "Il campione",
    "sec_limits": "Limiti della selezione",
    "limits_text": "Le persone intervistate non sono un campione rappresentativo: le vittime sono state raggiunte tramite le organizzazioni che le assistono e intervistate dal loro personale, il che dà sicurezza ma può scoraggiare le critiche; le vittime non più in contatto con i servizi, e in alcuni paesi quelle oltre il periodo di riflessione, non hanno potuto essere raggiunte. Le interviste sono troppo poche per essere rappresentative; le loro informazioni sono qualitative più che quantitative.",
    "no_framework": "Per questo rapporto non è registrato alcun quadro nazionale.",
    "professionals_said": "Che cosa hanno detto i decisori politici e gli operatori dei servizi",
    "victims_said": "Che cosa hanno detto le vittime",
    "no_findings": "Per questo tema non sono ancora stati pubblicati risultati.",
    "good_practices": "Buone pratiche",
    "no_good_practices": "Per questo tema non sono ancora state pubblicate buone pratiche.",
    "sec_groups": "Cittadini nazionali, cittadini dell'UE e cittadini di paesi terzi a confronto",
    "group_one_country": "{group} provengono (quasi) tutti da {country}: una differenza tra questo gruppo e gli altri può essere una differenza tra paesi.",
    "sec_conclusions": "Conclusioni",
    "no_conclusions": "Per questo rapporto non sono ancora state pubblicate conclusioni.",
    "sec_annex_instruments": "Allegato 1: gli strumenti utilizzati",
    "annex_instruments_intro": "Le tre interviste strutturate, con le versioni su cui sono state condotte le interviste di questo rapporto. La formulazione di fiit segue la struttura, la numerazione e le scale dell'allegato 1 del rapporto FIIT.",
    "instrument_versions": "Versione attuale {current} ({questions} domande); versioni usate nelle interviste di questo rapporto: {used}.",
    "sec_annex_frameworks": "Allegato 2: quadri nazionali",
    "sec_annex_methods": "Allegato 3: nota metodologica",
    "answered": "Risposte",
    "cap_closed": "{group}, per paese: {question}",
    "closed_rule": "Le risposte di un paese sono mostrate quando hanno risposto almeno {n} persone e non tutte hanno dato la stessa risposta; altrimenti la ripartizione non è mostrata ({symbol}).",
    "methods_design_counts": "Numerosità del disegno: il numero di decisori politici, operatori dei servizi e vittime intervistati in ciascun paese è pubblicato, come fa lo stesso studio FIIT; ogni altra tabella è protetta tenendo conto di questi numeri.",
    "methods_professionals": "I decisori politici e gli operatori dei servizi parlano per le loro organizzazioni: le loro risposte chiuse sono pubblicate per paese quando hanno risposto almeno {n} membri del gruppo e non tutti hanno dato la stessa risposta, così che nessuna cella riveli la risposta di una persona.",
    "methods_tests": "Test: sono stati calcolati {n} confronti tra gruppi. Sono riportati solo qui, non nei capitoli: con tanti test alcune differenze emergono per puro caso (non si applica alcuna correzione per confronti multipli), e con campioni così piccoli un test non prova né esclude una differenza.",
    "methods_demo_effects": "Le differenze tra paesi della demo sono estratte a caso da un seme fisso; non sono regolate per riecheggiare il racconto del rapporto FIIT e non ne confermano nulla.",
    "no_quotes_theme": "Nessuna citazione approvata per questo tema.",
    "all_weighted": "Tutti i paesi, ogni rispondente con lo stesso peso",
    "all_balanced": "Tutti i paesi, ogni paese con lo stesso peso",
    "scale_line_dots": "{scope}: {n} risposte, mostrate una per una (meno di 10)",
    "scale_line_balanced": "ogni paese con lo stesso peso: media {mean} (IC 95% {low}–{high}, {countries} paesi)",
    "dots_note": "Dove hanno risposto meno di 10 persone, ogni punto è una risposta: non sono disegnati media né intervallo.",
    "offered_to": "Classificato da (operatori)",
    "offered_note": "Un servizio è classificato solo dagli operatori dei paesi che lo offrono: un servizio presente in pochi paesi non è penalizzato dagli altri.",
    "sec_baseline": "Le raccomandazioni del rapporto FIIT (riferimento 2013)",
    "baseline_intro": "Per confronto, le cinque raccomandazioni del rapporto FIIT del 2013, con le parole di fiit. Non sono risultati di questo studio.",
    # --- qual: breakdowns left out whole (small studies) ---
    "methods_withheld": "Omessi per intero, perché nessuna loro ripartizione poteva essere pubblicata senza rendere riconoscibile qualcuno in un gruppo così piccolo: {tables}.",
    "withheld_by": "{what} per {grouping}",
    "grouping_country": "paese",
    # --- status chapter (victim instrument 1.2.0) ---
    "status_intro": "Il titolo di soggiorno e l'anno di identificazione sono chiesti a partire dalla versione 1.2.0 dello strumento per le vittime. Le vittime intervistate con una versione precedente non hanno ricevuto queste domande e contano come \"non posta\"; \"non indicato\" significa posta senza risposta. I conteggi descrivono le vittime intervistate, scelte dalle organizzazioni che le hanno aiutate: non sono rappresentativi di tutte le vittime.",
    "status_not_asked_yet": "Nessuna vittima di questo rapporto è stata intervistata con la versione 1.2.0 o successiva dello strumento per le vittime, che chiede il titolo di soggiorno: il rapporto non può dirne nulla sulla base delle interviste.",
    "cap_residence_group": "Vittime per titolo di soggiorno al momento dell'intervista e paese",
    "cap_residence_status": "Vittime per titolo di soggiorno al momento dell'intervista ({scope})",
    "cap_years_since_identification": "Vittime per anni trascorsi tra l'identificazione come vittima e l'intervista, e paese",
    "status_group": "Tipo di titolo",
    "status_detail": "Titolo di soggiorno",
    "status_victims": "Vittime",
    "status_not_stated": "Non indicato",
    "status_not_asked": "Non posta (versione precedente dello strumento)",
    "status_years_0_1": "0-1 anni",
    "status_years_2_3": "2-3 anni",
    "status_years_4_plus": "4 anni o più",
    "overall_rating": "L'integrazione nel complesso, come l'hanno valutata le vittime",
}
