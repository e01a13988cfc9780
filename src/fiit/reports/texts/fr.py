"""French (français): the report texts.

Written with ordinary spaces before ``:`` ``;`` ``!`` ``?`` ``%`` and inside
« guillemets »; :func:`_typography` turns them into the non-breaking spaces of
French typography, so that no line starts with a colon or a percent sign.
Country names are filled in without an article ("Belgique"), so no sentence
puts ``{country}`` after a preposition.
"""

from __future__ import annotations

import re

_FR: dict[str, str] = {
    # -- title page, notices -------------------------------------------------------------------------
    "title_comparative": "Intégration des victimes de la traite des êtres humains : rapport comparatif",
    "title_country": "Intégration des victimes de la traite des êtres humains : {country}",
    "subtitle": "Étude : {study}. Document produit par fiit le {date}.",
    "synthetic_notice": "Données de démonstration synthétiques — il ne s'agit pas d'entretiens réels",
    "disclosure_line":
        "Les chiffres reposant sur moins de {k} répondants sont masqués ({symbol}), afin que personne ne puisse "
        "être reconnu.",
    "all_countries_scope": "tous les pays",
    "public_line": "Version destinée à la publication (k = {k}).",
    "contents": "Sommaire",
    "source": "Source",
    "note": "Note",
    "figure": "Figure",
    "table": "Tableau",
    "colon": "\u00a0: ",
    "semicolon": "\u00a0; ",
    "table_n": "Tableau {n}",
    "figure_n": "Figure {n}",
    "src_fiit_report": "Rapport FIIT : {places}",
    "days_one": "{n} jour",
    "months_one": "{n} mois",
    "test_mann_whitney_u": "test U de Mann-Whitney",
    "test_kruskal_wallis": "test de Kruskal-Wallis",
    "effect_rank_biserial": "corrélation bisériale de rang",
    "effect_epsilon_squared": "epsilon carré",
    "evidence": "Éléments probants",
    "page": "page",
    # -- sections and themes -------------------------------------------------------------------------
    "sec_interviewed": "Personnes interrogées",
    "sec_frameworks": "Cadres nationaux",
    "sec_themes": "Résultats par thème",
    "sec_scales": "Échelles de satisfaction",
    "sec_rankings": "Classement des services par les prestataires de services",
    "sec_quotes": "Citations par thème",
    "sec_recommendations": "Recommandations",
    "sec_methods": "Note méthodologique",
    "theme_general": "Généralités",
    "intro_status":
        "L'obtention ou non d'un statut juridique et ses modalités — délai de réflexion, titre de séjour lié à la "
        "coopération avec les autorités ou protection internationale — conditionnent toutes les étapes "
        "ultérieures de l'intégration.",
    "intro_safety":
        "La sécurité et la protection commencent dès l'identification : un lieu d'hébergement sûr, des soins "
        "médicaux et un premier soutien psychosocial pendant le délai de réflexion.",
    "intro_accommodation":
        "Les centres d'hébergement spécialisés assurent le passage de l'exploitation à la liberté ; vient ensuite "
        "l'accès à un logement autonome.",
    "intro_work":
        "Les cours de langue, la formation professionnelle et l'aide à la recherche d'emploi ouvrent la voie à "
        "l'autonomie économique.",
    "intro_welfare":
        "L'accès à la protection sociale et à l'aide sociale commence dès le délai de réflexion et dépend des "
        "acteurs qui les assurent.",
    "intro_eu_vs_third_country":
        "Les victimes citoyennes de l'UE ne relèvent pas des titres de séjour prévus pour les ressortissants de "
        "pays tiers ; les services ouverts aux deux groupes sont présentés côte à côte, avec les échelles de "
        "satisfaction des victimes selon la nationalité.",
    "framework_facts": "Ce que prévoient les cadres nationaux",
    "scale_results": "Ce qu'ont déclaré les victimes (échelle de 1 à 10)",
    "no_scale_for_theme":
        "Aucune échelle de satisfaction ne porte spécifiquement sur ce thème ; voir les services utilisés "
        "(échelle b) dans la partie consacrée à l'accès à la protection sociale et à l'aide sociale.",
    # -- who was interviewed -------------------------------------------------------------------------
    "interviews_intro":
        "Des entretiens ont été menés avec des décideurs politiques, des prestataires de services et des victimes. "
        "Seuls les entretiens finalisés sont comptabilisés.",
    "cap_interviews": "Entretiens par pays et par groupe de répondants",
    "cap_victims_by": "Victimes interrogées, par {grouping}",
    "src_interviews": "Base de données de l'étude fiit : entretiens finalisés",
    "total": "Total",
    "all_countries": "Tous les pays",
    "everyone": "Toutes les victimes",
    "country": "Pays",
    "instr_policymaker": "Décideurs politiques",
    "instr_service_provider": "Prestataires de services",
    "instr_victim": "Victimes",
    "grouping_gender": "genre",
    "grouping_exploitation": "forme d'exploitation",
    "grouping_citizenship": "nationalité",
    "grouping_age": "âge",
    "gender=female": "Femmes",
    "gender=male": "Hommes",
    "gender=other": "Autre genre",
    "gender=prefer_not_to_say": "Genre non déclaré",
    "not_stated": "Non précisé",
    # -- satisfaction scales -------------------------------------------------------------------------
    "scales_intro":
        "Les victimes ont évalué six aspects de leur intégration sur une échelle allant de 1 (pas du tout "
        "satisfait) à 10 (entièrement satisfait). Chaque graphique présente la moyenne et son intervalle de "
        "confiance bootstrap à 95 % ; les groupes masqués au titre du contrôle de la divulgation statistique sont "
        "signalés et ne sont pas représentés.",
    "scale_a_scale": "Intégration globale",
    "scale_b_scale": "Services utilisés",
    "scale_c_scale": "Traitement reçu",
    "scale_d_scale": "Suivi et accompagnement dans la durée",
    "scale_e_scale": "Travail et vie professionnelle",
    "scale_f_scale": "Aide au retour",
    "cap_scale": "Satisfaction concernant « {scale} » : moyenne et intervalle de confiance à 95 %",
    "alt_scale":
        "Graphique de la satisfaction moyenne concernant « {scale} », sur une échelle de 1 à 10 ; {details}.",
    "withheld": "masqué",
    "no_answers": "aucune réponse",
    "cap_scale_table": "Échelles de satisfaction : moyenne [intervalle de confiance à 95 %] (n)",
    "scale": "Échelle",
    "scale_line": "{scope} : moyenne {mean} (IC à 95 % {low}–{high}, n = {n})",
    "scale_line_withheld": "{scope} : masqué (trop peu de réponses)",
    "cap_citizenship": "Satisfaction selon la nationalité : moyenne [intervalle de confiance à 95 %] (n)",
    "comparison_line": "{scale}, {scope} : {test}, {p}, taille d'effet {effect} (analyse exploratoire).",
    "comparison_none":
        "Aucune comparaison entre citoyens de l'UE et ressortissants de pays tiers ne peut être présentée : l'un "
        "des groupes est trop restreint.",
    # -- service rankings ----------------------------------------------------------------------------
    "rankings_intro":
        "Les prestataires de services ont classé les services disponibles dans leur pays, du plus important au "
        "moins important. L'ordre agrégé suit le rang moyen (plus il est bas, plus le service est jugé important ; "
        "les services qu'un prestataire n'a pas classés se partagent les rangs restants), accompagné du score de "
        "Borda ; le W de Kendall (de 0 à 1) mesure le degré d'accord entre les prestataires.",
    "cap_ranking": "Classement des services par les prestataires de services ({scope})",
    "cap_ranking_chart": "Rang moyen de chaque service ({scope}) ; 1 correspond au plus important",
    "alt_ranking":
        "Graphique du rang moyen attribué à chaque service par les prestataires de services ({scope}), 1 correspondant au plus important : {details}.",
    "rank_axis": "Rang moyen (1 = le plus important)",
    "cap_ranking_agreement": "Degré d'accord entre les prestataires de services, par pays",
    "position": "Position",
    "service": "Service",
    "mean_rank": "Rang moyen",
    "borda": "Score de Borda",
    "raters": "Évaluateurs",
    "kendall_w": "W de Kendall",
    "top_service": "Service le plus important",
    "ranking_withheld": "Le classement est masqué : trop peu de prestataires de services ont classé les services.",
    # -- quotes, recommendations, evidence -----------------------------------------------------------
    "no_quotes":
        "Aucune citation approuvée à ce jour. Une citation n'apparaît que si la personne interrogée a consenti à "
        "être citée et qu'un coordinateur national l'a approuvée.",
    "no_recommendations": "Aucune recommandation n'a encore été publiée pour ce rapport.",
    "ev_scale": "Échelle de satisfaction : {scale} ({scope})",
    "ev_framework": "Cadre national, {scope} : {field}",
    "ev_ranking": "Classement des services ({scope})",
    "ev_counts": "Nombre d'entretiens ({scope})",
    "ev_other": "Référence : {ref}",
    "victim_of": "victime, {country}",
    "service_provider_of": "prestataire de services, {country}",
    "policymaker_of": "décideur politique, {country}",
    # -- country frameworks (Annex 2) ----------------------------------------------------------------
    "frameworks_intro":
        "Les tableaux de l'annexe 2 du rapport FIIT, reconstitués à partir des données de fiit sur les cadres "
        "nationaux. Chaque valeur est accompagnée de sa source ; une valeur que les sources ne permettent pas "
        "d'établir est indiquée comme inconnue. Il s'agit de chiffres officiels publiés et de résultats de "
        "recherche documentaire, et non de données d'entretien : le contrôle de la divulgation statistique ne "
        "s'y applique donc pas.",
    "cap_legal": "Cadre juridique : délai de réflexion et voies d'accès à un statut juridique",
    "cap_permit": "Caractéristiques du titre de séjour",
    "cap_permits_year": "Titres de séjour délivrés et victimes identifiées par année : {country}",
    "cap_gender_exploitation": "Victimes par genre et par forme d'exploitation : {country}",
    "cap_services_third_country": "Services d'intégration destinés aux victimes ressortissantes de pays tiers",
    "cap_services_eu": "Services d'intégration destinés aux victimes citoyennes de l'UE",
    "no_series": "{country} : aucune donnée annuelle n'est enregistrée.",
    "period": "Période",
    "aspect": "Aspect",
    "unknown": "inconnu",
    "yes": "oui",
    "no": "non",
    "days": "{n} jours",
    "months": "{n} mois",
    "printed_total_differs":
        "{series} : la source indique un total de {printed} ; la somme des lignes est de {computed}.",
    "unknown_rows_note":
        "Les lignes indiquées comme inconnues n'ont pas de valeur dans la source et ne sont pas prises en compte "
        "dans le total.",
    "narrative_line": "{label} ({period}) : {value}",
    "narrative_heading": "Chiffres cités dans le corps du texte de la source",
    "third_country": "victimes ressortissantes de pays tiers",
    "eu": "victimes citoyennes de l'UE",
    # -- methods note --------------------------------------------------------------------------------
    "methods_sample":
        "Échantillon des entretiens finalisés ({scope}) : victimes : {victims} ; prestataires de services : "
        "{providers} ; décideurs politiques : {policymakers}.",
    "methods_k":
        "Contrôle de la divulgation statistique : tout chiffre reposant sur moins de k = {k} répondants est masqué, "
        "de même que tout chiffre qui permettrait de reconstituer un chiffre masqué, et ce dans l'ensemble des "
        "tableaux du présent rapport. Effectifs distincts contrôlés dans ce rapport : {cells} ; publiés : "
        "{published} ; masqués car trop faibles (secret primaire) : {primary} ; masqués pour protéger ces derniers "
        "(secret secondaire) : {secondary}. Les chiffres masqués sont signalés par le symbole {symbol} ; une "
        "statistique d'échelle est masquée avec son effectif n.",
    "methods_scales":
        "Échelles : n correspond au nombre de réponses données (les réponses manquantes sont exclues) ; "
        "l'intervalle à 95 % de la moyenne est un intervalle bootstrap par percentiles, calculé sur 2 000 "
        "rééchantillonnages avec une graine aléatoire fixe. Les groupes sont comparés au moyen du test U de "
        "Mann-Whitney (deux groupes) ou du test de Kruskal-Wallis (plus de deux groupes), assorti d'une taille "
        "d'effet.",
    "methods_exploratory":
        "Les échantillons sont de petite taille. Toute comparaison entre pays ou entre groupes est exploratoire : "
        "elle décrit les personnes interrogées et ne permet pas de tirer de conclusions sur l'ensemble des "
        "victimes d'un pays.",
    "methods_privacy":
        "Aucun code de répondant ni aucun nom ne figure dans ce rapport ; les réponses ouvertes n'y apparaissent "
        "que sous forme de citations, avec le consentement de la personne interrogée et l'approbation d'un "
        "coordinateur national.",
    "methods_frameworks":
        "Cadres nationaux : le rapport FIIT (annexe 2 et chapitres consacrés aux pays), chaque valeur étant "
        "accompagnée de sa source.",
    "methods_synthetic":
        "Toutes les données d'entretien figurant dans ce rapport sont synthétiques, générées à des fins de "
        "démonstration à partir d'une graine aléatoire fixe. Elles ne décrivent aucune personne réelle.",
    # -- framework caveats (reports) ---------------------------------------------------------------
    "disputed": "contesté",
    "disputed_note": "Contesté : {reason}",
    "cap_theme_facts": "Ce que disent les cadres nationaux : {theme}",
    "cap_services_national": "Services pour les victimes ressortissantes du pays",
    "national": "victimes ressortissantes du pays",
    "value": "Valeur",
    "footnotes": "Notes",
    # -- the seed's plan (reports) -------------------------------------------------------------------
    "sec_aim": "Objectif et question de recherche",
    "aim_text": "L'étude évalue la manière dont les victimes de la traite sont aidées à s'intégrer à long terme, afin de repérer, partager et transférer les bonnes pratiques dans les aspects juridiques, économiques et psychosociaux de l'intégration.",
    "research_question": "Question de recherche : que fait-on pour intégrer les victimes de la traite dans les États membres de l'UE, et comment l'améliorer ?",
    "aim_source": "D'après le rapport FIIT, chapitre « Introduction », section « La question de recherche centrale ».",
    "sec_method": "Méthode",
    "sec_fieldwork": "Équipes, terrain et langues",
    "teams_text": "Des équipes nationales de l'organisation coordinatrice et d'ONG qui assistent les victimes ont interrogé des décideurs politiques, des prestataires de services et des victimes à l'aide de trois instruments structurés (annexe 1), dans la langue du pays ; les cadres nationaux proviennent d'une recherche documentaire (annexe 2).",
    "fieldwork_line": "{country} : entretiens définitifs du {first} au {last}, en {languages} ; instruments : {instruments}.",
    "fieldwork_none": "Aucun entretien définitif pour l'instant.",
    "sec_sample": "L'échantillon",
    "sec_limits": "Limites de la sélection",
    "limits_text": "Les personnes interrogées ne forment pas un échantillon représentatif : les victimes ont été jointes par les organisations qui les assistent et interrogées par leur personnel, ce qui rassure mais peut décourager la critique ; les victimes qui n'ont plus de contact avec les services, et dans certains pays celles dont le délai de réflexion était écoulé, n'ont pu être jointes. Les entretiens sont trop peu nombreux pour être représentatifs ; leurs informations sont qualitatives plutôt que quantitatives.",
    "no_framework": "Aucun cadre national n'est enregistré pour ce rapport.",
    "professionals_said": "Ce qu'ont dit les décideurs politiques et les prestataires de services",
    "victims_said": "Ce qu'ont dit les victimes",
    "no_findings": "Aucun constat n'a encore été publié pour ce thème.",
    "good_practices": "Bonnes pratiques",
    "no_good_practices": "Aucune bonne pratique n'a encore été publiée pour ce thème.",
    "sec_groups": "Ressortissants nationaux, citoyens de l'UE et ressortissants de pays tiers comparés",
    "group_one_country": "{group} viennent (presque) toutes de {country} : un écart entre ce groupe et les autres peut être un écart entre pays.",
    "sec_conclusions": "Conclusions",
    "no_conclusions": "Aucune conclusion n'a encore été publiée pour ce rapport.",
    "sec_annex_instruments": "Annexe 1 : les instruments utilisés",
    "annex_instruments_intro": "Les trois entretiens structurés, avec les versions sur lesquelles les entretiens de ce rapport ont été menés. La formulation de fiit suit la structure, la numérotation et les échelles de l'annexe 1 du rapport FIIT.",
    "instrument_versions": "Version actuelle {current} ({questions} questions) ; versions utilisées dans les entretiens de ce rapport : {used}.",
    "sec_annex_frameworks": "Annexe 2 : cadres nationaux",
    "sec_annex_methods": "Annexe 3 : note méthodologique",
    "answered": "Réponses",
    "cap_closed": "{group}, par pays : {question}",
    "closed_rule": "Les réponses d'un pays sont publiées quand au moins {n} personnes ont répondu et que toutes n'ont pas donné la même réponse ; sinon la répartition est masquée ({symbol}).",
    "methods_design_counts": "Effectifs du plan d'enquête : le nombre de décideurs politiques, de prestataires de services et de victimes interrogés dans chaque pays est publié, comme le fait l'étude FIIT elle-même ; chaque autre tableau est protégé en tenant compte de ces effectifs.",
    "methods_professionals": "Les décideurs politiques et les prestataires de services parlent au nom de leur organisation : leurs réponses fermées sont publiées par pays quand au moins {n} membres du groupe ont répondu et que tous n'ont pas donné la même réponse, afin qu'aucune cellule ne révèle la réponse d'une personne.",
    "methods_tests": "Tests : {n} comparaisons de groupes ont été calculées. Elles ne figurent qu'ici, pas dans les chapitres : avec autant de tests, certains écarts apparaissent par le seul hasard (aucune correction pour comparaisons multiples n'est appliquée), et à ces tailles d'échantillon un test ne prouve ni n'exclut un écart.",
    "methods_demo_effects": "Les écarts entre pays de la démonstration sont tirés au hasard à partir d'une graine fixe ; ils ne sont pas réglés pour refléter le récit du rapport FIIT et n'en confirment rien.",
    "no_quotes_theme": "Aucune citation approuvée pour ce thème.",
    "all_weighted": "Tous les pays, chaque répondant pesant autant",
    "all_balanced": "Tous les pays, chaque pays pesant autant",
    "scale_line_dots": "{scope} : {n} réponses, montrées une à une (moins de 10)",
    "scale_line_balanced": "chaque pays pesant autant : moyenne {mean} (IC à 95 % {low}–{high}, {countries} pays)",
    "dots_note": "Là où moins de 10 personnes ont répondu, chaque point est une réponse : aucune moyenne ni intervalle n'est tracé.",
    "offered_to": "Classé par (prestataires)",
    "offered_note": "Un service n'est classé que par les prestataires des pays qui l'offrent : un service proposé dans peu de pays n'est pas déclassé par les autres.",
    "sec_baseline": "Les recommandations du rapport FIIT (référence 2013)",
    "baseline_intro": "Pour comparaison, les cinq recommandations du rapport FIIT de 2013, dans les termes de fiit. Ce ne sont pas des constats de la présente étude.",
    # --- qual: breakdowns left out whole (small studies) ---
    "methods_withheld": "Omis en entier, car aucune ventilation ne pouvait être publiée sans permettre de reconnaître quelqu'un dans un groupe aussi petit : {tables}.",
    "withheld_by": "{what} par {grouping}",
    "grouping_country": "pays",
    # --- status chapter (victim instrument 1.2.0) ---
    "status_intro": "Le droit de séjour et l'année d'identification sont demandés à partir de la version 1.2.0 de l'instrument pour les victimes. Les victimes interrogées avec une version antérieure ne se sont pas vu poser ces questions et comptent comme « non posée » ; « non précisé » signifie posée sans réponse. Les effectifs décrivent les victimes interrogées, choisies par les organisations qui les ont aidées : ils ne sont pas représentatifs de l'ensemble des victimes.",
    "status_not_asked_yet": "Aucune victime de ce rapport n'a été interrogée avec la version 1.2.0 ou ultérieure de l'instrument pour les victimes, qui demande le droit de séjour : le rapport ne peut rien en dire à partir des entretiens.",
    "cap_residence_group": "Victimes selon le droit de séjour au moment de l'entretien et le pays",
    "cap_residence_status": "Victimes selon le droit de séjour au moment de l'entretien ({scope})",
    "cap_years_since_identification": "Victimes selon le nombre d'années entre leur identification comme victime et l'entretien, et le pays",
    "status_group": "Type de statut",
    "status_detail": "Droit de séjour",
    "status_victims": "Victimes",
    "status_not_stated": "Non précisé",
    "status_not_asked": "Non posée (version antérieure de l'instrument)",
    "status_years_0_1": "0-1 an",
    "status_years_2_3": "2-3 ans",
    "status_years_4_plus": "4 ans ou plus",
    "overall_rating": "L'intégration dans l'ensemble, telle que les victimes l'ont évaluée",
}


def _typography(s: str) -> str:
    """Non-breaking spaces before ``: ; ! ? %`` and ``»``, after ``«`` and in ``2 000``."""
    s = re.sub(r" ([:;!?%»])", "\u00a0\\1", s)
    s = s.replace("« ", "«\u00a0")
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "\u00a0", s)


FR: dict[str, str] = {key: _typography(value) for key, value in _FR.items()}
