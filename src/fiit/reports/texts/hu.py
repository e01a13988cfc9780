"""Hungarian (magyar): the report texts.

No suffix is ever attached to a ``{placeholder}``: the form of a Hungarian
suffix depends on the word or number it follows ("5-nél", "3-nál"), so the
sentences are built around the values instead ("kevesebb mint {k} válaszadón",
"{country}: ..."). Nouns after a number stay singular ("{n} hónap").
"""

HU: dict[str, str] = {
    # -- title page, notices -------------------------------------------------------------------------
    "title_comparative": "Az emberkereskedelem áldozatainak integrációja: összehasonlító jelentés",
    "title_country": "Az emberkereskedelem áldozatainak integrációja: {country}",
    "subtitle": "Kutatás: {study}. Készült a fiit rendszerrel, {date}.",
    "synthetic_notice": "Szintetikus bemutatóadatok – nem valós interjúkból",
    "disclosure_line":
        "A kevesebb mint {k} válaszadón alapuló adatokat nem közöljük ({symbol}), hogy senki ne legyen felismerhető.",
    "all_countries_scope": "összes ország",
    "public_line": "Nyilvános közzétételre szánt változat (k = {k}).",
    "contents": "Tartalom",
    "source": "Forrás",
    "note": "Megjegyzés",
    "figure": "Ábra",
    "table": "Táblázat",
    "colon": ": ",
    "semicolon": "; ",
    "table_n": "{n}. táblázat",
    "figure_n": "{n}. ábra",
    "src_fiit_report": "FIIT-jelentés: {places}",
    "days_one": "{n} nap",
    "months_one": "{n} hónap",
    "test_mann_whitney_u": "Mann–Whitney-féle U-próba",
    "test_kruskal_wallis": "Kruskal–Wallis-próba",
    "effect_rank_biserial": "rangbiszeriális korreláció",
    "effect_epsilon_squared": "epszilon-négyzet",
    "evidence": "Alátámasztó adatok",
    "page": "oldal",
    # -- sections and themes -------------------------------------------------------------------------
    "sec_interviewed": "Az interjúalanyok",
    "sec_frameworks": "Nemzeti keretek",
    "sec_themes": "Eredmények témánként",
    "sec_scales": "Elégedettségi skálák",
    "sec_rankings": "A szolgáltatások rangsora a szolgáltatók értékelése alapján",
    "sec_quotes": "Idézetek témánként",
    "sec_recommendations": "Ajánlások",
    "sec_methods": "Módszertani megjegyzések",
    "theme_general": "Általános kérdések",
    "intro_status":
        "Az, hogy az áldozat kap-e jogállást, és ha igen, milyen formában – gondolkodási időt, a hatóságokkal való "
        "együttműködéshez kötött tartózkodási engedélyt vagy nemzetközi védelmet –, az integráció minden további "
        "lépését meghatározza.",
    "intro_safety":
        "A biztonság és a védelem az azonosítással kezdődik: biztonságos szálláshely, orvosi ellátás és első "
        "pszichoszociális támogatás a gondolkodási idő alatt.",
    "intro_accommodation":
        "A speciális védett szálláshelyek jelentik az átmenetet a kizsákmányolásból a szabadságba; ezt követi az "
        "önálló lakhatás felé tett lépés.",
    "intro_work":
        "A nyelvtanfolyamok, a szakképzés és az álláskeresésben nyújtott segítség jelentik a gazdasági "
        "önállósághoz vezető utat.",
    "intro_welfare":
        "A jóléti és szociális ellátásokhoz való hozzáférés már a gondolkodási idő alatt megkezdődik, és attól "
        "függ, ki nyújtja ezeket az ellátásokat.",
    "intro_eu_vs_third_country":
        "Az uniós polgár áldozatokra nem vonatkoznak a harmadik országbeli állampolgároknak szóló tartózkodási "
        "engedélyek; az alábbiakban a mindkét csoport számára elérhető szolgáltatások egymás mellett szerepelnek, "
        "az áldozatok állampolgárság szerinti elégedettségi skáláival együtt.",
    "framework_facts": "Amit a nemzeti keretek rögzítenek",
    "scale_results": "Az áldozatok értékelése (1–10-es skála)",
    "no_scale_for_theme":
        "Ezt a témát egyik elégedettségi skála sem méri önállóan; lásd az igénybe vett szolgáltatásokat "
        "(b skála) a jóléti és szociális ellátásokhoz való hozzáférésnél.",
    # -- who was interviewed -------------------------------------------------------------------------
    "interviews_intro":
        "Interjúk készültek döntéshozókkal, szolgáltatókkal és áldozatokkal. Csak a véglegesített interjúkat "
        "vettük figyelembe.",
    "cap_interviews": "Interjúk országonként és válaszadói csoportonként",
    "cap_victims_by": "Megkérdezett áldozatok {grouping} szerint",
    "src_interviews": "A fiit kutatási adatbázisa: véglegesített interjúk",
    "total": "Összesen",
    "all_countries": "Összes ország",
    "everyone": "Összes áldozat",
    "country": "Ország",
    "instr_policymaker": "Döntéshozók",
    "instr_service_provider": "Szolgáltatók",
    "instr_victim": "Áldozatok",
    "grouping_gender": "nemek",
    "grouping_exploitation": "a kizsákmányolás formája",
    "grouping_citizenship": "állampolgárság",
    "grouping_age": "életkor",
    "gender=female": "Nők",
    "gender=male": "Férfiak",
    "gender=other": "Egyéb nemű",
    "gender=prefer_not_to_say": "Nemét nem kívánta megadni",
    "not_stated": "Nincs megadva",
    # -- satisfaction scales -------------------------------------------------------------------------
    "scales_intro":
        "Az áldozatok integrációjuk hat szempontját értékelték 1-től (egyáltalán nem elégedett) 10-ig (teljes "
        "mértékben elégedett). Az ábrák az átlagot és annak 95%-os bootstrap konfidenciaintervallumát mutatják; "
        "a statisztikai adatvédelem miatt nem közölt csoportokat jelöljük, de nem ábrázoljuk.",
    "scale_a_scale": "Integráció összességében",
    "scale_b_scale": "Igénybe vett szolgáltatások",
    "scale_c_scale": "Személyes bánásmód",
    "scale_d_scale": "Utánkövetés és folyamatos támogatás",
    "scale_e_scale": "Munka és szakmai kérdések",
    "scale_f_scale": "Segítség a hazatéréshez",
    "cap_scale": "Elégedettség: {scale} – átlag és 95%-os konfidenciaintervallum",
    "alt_scale": "Ábra: átlagos elégedettség 1-től 10-ig terjedő skálán – {scale}; {details}.",
    "withheld": "nem közölt",
    "no_answers": "nincs válasz",
    "cap_scale_table": "Elégedettségi skálák: átlag [95%-os konfidenciaintervallum] (n)",
    "scale": "Skála",
    "scale_line": "{scope}: átlag {mean} (95%-os CI {low}–{high}, n = {n})",
    "scale_line_withheld": "{scope}: nem közölt (túl kevés válasz)",
    "cap_citizenship": "Elégedettség állampolgárság szerint: átlag [95%-os konfidenciaintervallum] (n)",
    "comparison_line": "{scale}, {scope}: {test}, {p}, hatásméret: {effect} (feltáró elemzés).",
    "comparison_none":
        "Az uniós polgárok és a harmadik országbeli állampolgárok összehasonlítása nem közölhető, mert az egyik "
        "csoport túl kicsi.",
    # -- service rankings ----------------------------------------------------------------------------
    "rankings_intro":
        "A szolgáltatók rangsorolták az országukban elérhető szolgáltatásokat, a legfontosabbal kezdve. Az "
        "összesített sorrend az átlagos rangon alapul (az alacsonyabb érték nagyobb fontosságot jelent; az adott "
        "szolgáltató által nem rangsorolt szolgáltatások a fennmaradó rangokon osztoznak), mellette a "
        "Borda-pontszám szerepel; a Kendall-féle W (0 és 1 között) azt méri, mennyire egyezik a szolgáltatók "
        "értékelése.",
    "cap_ranking": "A szolgáltatások rangsora a szolgáltatók értékelése alapján ({scope})",
    "cap_ranking_chart": "Az egyes szolgáltatások átlagos rangja ({scope}); az 1 a legfontosabb",
    "alt_ranking":
        "Ábra: a szolgáltatók által az egyes szolgáltatásoknak adott átlagos rang ({scope}), ahol az 1 a legfontosabb: {details}.",
    "rank_axis": "Átlagos rang (1 = legfontosabb)",
    "cap_ranking_agreement": "A szolgáltatók értékelésének egyezése országonként",
    "position": "Helyezés",
    "service": "Szolgáltatás",
    "mean_rank": "Átlagos rang",
    "borda": "Borda-pontszám",
    "raters": "Értékelők",
    "kendall_w": "Kendall-féle W",
    "top_service": "Legfontosabb szolgáltatás",
    "ranking_withheld": "A rangsort nem közöljük: túl kevés szolgáltató rangsorolta a szolgáltatásokat.",
    # -- quotes, recommendations, evidence -----------------------------------------------------------
    "no_quotes":
        "Még nincs jóváhagyott idézet. Idézet csak akkor jelenik meg, ha a válaszadó hozzájárult az idézéshez, "
        "és az országos koordinátor jóváhagyta.",
    "no_recommendations": "Ehhez a jelentéshez még nem tettek közzé ajánlásokat.",
    "ev_scale": "Elégedettségi skála: {scale} ({scope})",
    "ev_framework": "Nemzeti keret, {scope}: {field}",
    "ev_ranking": "A szolgáltatások rangsora ({scope})",
    "ev_counts": "Interjúk száma ({scope})",
    "ev_other": "Hivatkozás: {ref}",
    "victim_of": "áldozat, {country}",
    "service_provider_of": "szolgáltató, {country}",
    "policymaker_of": "döntéshozó, {country}",
    # -- country frameworks (Annex 2) ----------------------------------------------------------------
    "frameworks_intro":
        "A FIIT-jelentés 2. mellékletének táblázatai, a fiit nemzeti keretadataiból újra előállítva. Minden érték "
        "mellett szerepel a forrása; ha a források alapján egy érték nem állapítható meg, „ismeretlen” jelöléssel "
        "szerepel. Ezek közzétett hivatalos adatok és dokumentumelemzés eredményei, nem interjúadatok, ezért a "
        "statisztikai adatvédelem szabályai nem vonatkoznak rájuk.",
    "cap_legal": "Jogi keret: gondolkodási idő és a jogálláshoz vezető utak",
    "cap_permit": "A tartózkodási engedély jellemzői",
    "cap_permits_year": "Kiadott tartózkodási engedélyek és azonosított áldozatok évente: {country}",
    "cap_gender_exploitation": "Áldozatok nemek és a kizsákmányolás formája szerint: {country}",
    "cap_services_third_country": "Integrációs szolgáltatások harmadik országbeli áldozatok számára",
    "cap_services_eu": "Integrációs szolgáltatások uniós áldozatok számára",
    "no_series": "{country}: nincsenek rögzített éves adatok.",
    "period": "Időszak",
    "aspect": "Szempont",
    "unknown": "ismeretlen",
    "yes": "igen",
    "no": "nem",
    "days": "{n} nap",
    "months": "{n} hónap",
    "printed_total_differs": "{series}: a forrásban közölt végösszeg {printed}, a sorok összege viszont {computed}.",
    "unknown_rows_note":
        "Az „ismeretlen” jelölésű sorokhoz a forrás nem közöl adatot, ezért ezek nem szerepelnek a végösszegben.",
    "narrative_line": "{label} ({period}): {value}",
    "narrative_heading": "A forrás szövegében közölt adatok",
    "third_country": "harmadik országbeli áldozatok",
    "eu": "uniós áldozatok",
    # -- methods note --------------------------------------------------------------------------------
    "methods_sample":
        "Minta ({scope}) – a véglegesített interjúk száma: áldozatok {victims}, szolgáltatók {providers}, "
        "döntéshozók {policymakers}.",
    "methods_k":
        "Statisztikai adatvédelem: a jelentés egyik táblázatában sem közlünk olyan adatot, amely kevesebb mint "
        "k = {k} válaszadón alapul, sem olyat, amelyből egy nem közölt adat kiszámítható. A jelentésben "
        "ellenőrzött különböző gyakoriságok száma: {cells}; ebből közölt: {published}; túl kicsi, ezért nem "
        "közölt: {primary}; az előbbiek védelmében nem közölt: {secondary}. A nem közölt adatok jele: {symbol}; "
        "a nem közölt skálastatisztikák esetében az n értékét sem közöljük.",
    "methods_scales":
        "Skálák: az n a megadott válaszok száma (a hiányzó válaszok nélkül); az átlag 95%-os intervalluma "
        "percentilis bootstrap-intervallum 2000 újramintavétellel és rögzített véletlenmaggal. A csoportokat "
        "Mann–Whitney-féle U-próbával (két csoport esetén) vagy Kruskal–Wallis-próbával (kettőnél több csoport "
        "esetén) hasonlítjuk össze, hatásmérettel együtt.",
    "methods_exploratory":
        "A minták kicsik. Az országok vagy csoportok közötti összehasonlítások feltáró jellegűek: a megkérdezett "
        "személyeket írják le, és nem tesznek lehetővé következtetéseket egy ország összes áldozatára vonatkozóan.",
    "methods_privacy":
        "A jelentés nem tartalmaz válaszadói kódot vagy nevet; nyitott kérdésre adott válasz csak idézetként "
        "szerepelhet, a válaszadó hozzájárulásával és az országos koordinátor jóváhagyásával.",
    "methods_frameworks":
        "Nemzeti keretek: a FIIT-jelentés (2. melléklet és az országfejezetek), minden érték a forrásával együtt.",
    "methods_synthetic":
        "A jelentésben szereplő összes interjúadat szintetikus: bemutatási célra, rögzített véletlenmagból "
        "állították elő. Egyetlen valós személyt sem írnak le.",
    # -- framework caveats (reports) ---------------------------------------------------------------
    "disputed": "vitatott",
    "disputed_note": "Vitatott: {reason}",
    "cap_theme_facts": "Mit mondanak az országos keretek: {theme}",
    "cap_services_national": "Szolgáltatások az ország saját állampolgár áldozatai számára",
    "national": "saját állampolgár áldozatok",
    "value": "Érték",
    "footnotes": "Jegyzetek",
    # -- the seed's plan (reports) -------------------------------------------------------------------
    "sec_aim": "Cél és kutatási kérdés",
    "aim_text": "A vizsgálat azt értékeli, hogyan segítik az emberkereskedelem áldozatait a hosszú távú beilleszkedésben, hogy az integráció jogi, gazdasági és pszichoszociális vonatkozásaiban jó gyakorlatokat lehessen feltárni, megosztani és átadni.",
    "research_question": "Kutatási kérdés: mit tesznek az emberkereskedelem áldozatainak beilleszkedéséért az EU tagállamaiban, és hogyan lehet ezt javítani?",
    "aim_source": "A FIIT-jelentés nyomán: „Bevezetés” fejezet, „A központi kutatási kérdés” alfejezet.",
    "sec_method": "Módszer",
    "sec_fieldwork": "Csapatok, terepmunka és nyelvek",
    "teams_text": "A koordináló szervezet és az áldozatokat segítő civil szervezetek nemzeti csapatai három strukturált kérdőívvel (1. melléklet) kérdeztek meg döntéshozókat, szolgáltatókat és áldozatokat, az ország nyelvén; az országos keretek íróasztal-kutatásból származnak (2. melléklet).",
    "fieldwork_line": "{country}: véglegesített interjúk {first} és {last} között, nyelv: {languages}; kérdőívek: {instruments}.",
    "fieldwork_none": "Még nincs véglegesített interjú.",
    "sec_sample": "A minta",
    "sec_limits": "A kiválasztás korlátai",
    "limits_text": "A megkérdezettek nem reprezentatív mintát alkotnak: az áldozatokat az őket segítő szervezeteken keresztül érték el, és azok munkatársai kérdezték meg őket, ami biztonságérzetet ad, de visszafoghatja a kritikát; a szolgáltatásokkal már kapcsolatban nem álló áldozatokat, és egyes országokban a gondolkodási időn túl levőket nem sikerült elérni. Az interjúk túl kevesek ahhoz, hogy reprezentatívak legyenek; információjuk inkább minőségi, mint mennyiségi.",
    "no_framework": "Ehhez a jelentéshez nincs rögzített országos keret.",
    "professionals_said": "Mit mondtak a döntéshozók és a szolgáltatók",
    "victims_said": "Mit mondtak az áldozatok",
    "no_findings": "Ehhez a témához még nem tettek közzé megállapítást.",
    "good_practices": "Jó gyakorlatok",
    "no_good_practices": "Ehhez a témához még nem tettek közzé jó gyakorlatot.",
    "sec_groups": "Saját állampolgárok, uniós polgárok és harmadik országbeli állampolgárok összehasonlítva",
    "group_one_country": "{group} (szinte) mind ebből az országból valók: {country}; a csoport és a többiek közötti különbség országok közötti különbség is lehet.",
    "sec_conclusions": "Következtetések",
    "no_conclusions": "Ehhez a jelentéshez még nem tettek közzé következtetést.",
    "sec_annex_instruments": "1. melléklet: a használt kérdőívek",
    "annex_instruments_intro": "A három strukturált interjú, azokkal a változatokkal, amelyekkel e jelentés interjúi készültek. A fiit megfogalmazása a FIIT-jelentés 1. mellékletének felépítését, számozását és skáláit követi.",
    "instrument_versions": "Jelenlegi változat: {current} ({questions} kérdés); az e jelentés interjúiban használt változatok: {used}.",
    "sec_annex_frameworks": "2. melléklet: országos keretek",
    "sec_annex_methods": "3. melléklet: módszertani megjegyzés",
    "answered": "Válaszolt",
    "cap_closed": "{group}, országonként: {question}",
    "closed_rule": "Egy ország válaszait akkor közöljük, ha legalább {n} fő válaszolt, és nem mindenki adta ugyanazt a választ; különben a megoszlás nem látható ({symbol}).",
    "methods_design_counts": "A minta felépítése: hogy országonként hány döntéshozót, szolgáltatót és áldozatot kérdeztek meg, az nyilvános, ahogy a FIIT-vizsgálat is közli; minden más táblázat e számok ismeretében védett.",
    "methods_professionals": "A döntéshozók és a szolgáltatók szervezetük nevében beszélnek: zárt válaszaikat országonként akkor közöljük, ha a csoportból legalább {n} fő válaszolt, és nem mindenki adta ugyanazt a választ, így egyetlen cella sem árulja el egy személy válaszát.",
    "methods_tests": "Próbák: {n} csoport-összehasonlítás készült. Csak itt szerepelnek, a fejezetekben nem: ennyi próba mellett egyes különbségek puszta véletlenből is megjelennek (többszörös összehasonlításra nincs korrekció), és ekkora mintáknál egy próba sem bizonyít, sem kizár különbséget.",
    "methods_demo_effects": "A bemutató országok közötti különbségei rögzített kezdőértékből véletlenszerűen sorsoltak; nem a FIIT-jelentés szövegéhez igazítottak, és semmit sem igazolnak belőle.",
    "no_quotes_theme": "Ehhez a témához nincs jóváhagyott idézet.",
    "all_weighted": "Minden ország, minden válaszadó azonos súllyal",
    "all_balanced": "Minden ország, minden ország azonos súllyal",
    "scale_line_dots": "{scope}: {n} válasz, egyenként ábrázolva (kevesebb mint 10)",
    "scale_line_balanced": "minden ország azonos súllyal: átlag {mean} (95%-os KI {low}–{high}, {countries} ország)",
    "dots_note": "Ahol 10-nél kevesebben válaszoltak, minden pont egy válasz: átlagot és intervallumot nem ábrázolunk.",
    "offered_to": "Rangsorolta (szolgáltató)",
    "offered_note": "Egy szolgáltatást csak azon országok szolgáltatói rangsorolnak, ahol elérhető: a kevés országban kínált szolgáltatást nem húzzák le a többiek.",
    "sec_baseline": "A FIIT-jelentés ajánlásai (2013-as kiindulópont)",
    "baseline_intro": "Összehasonlításként a FIIT-jelentés 2013-as öt ajánlása, a fiit megfogalmazásában. Ezek nem e vizsgálat megállapításai.",
    # --- qual: breakdowns left out whole (small studies) ---
    "methods_withheld": "Teljes egészében kimaradt, mert ilyen kis csoportban egyetlen bontása sem volt közölhető úgy, hogy valaki ne legyen felismerhető: {tables}.",
    "withheld_by": "{what} {grouping} szerint",
    "grouping_country": "ország",
    # --- status chapter (victim instrument 1.2.0) ---
    "status_intro": "A tartózkodási jogállást és az azonosítás évét az áldozati kérdőív 1.2.0-s változatától kérdezzük. A korábbi változattal megkérdezett áldozatoktól ezeket nem kérdezték, ők „nem kérdezték” kategóriában szerepelnek; a „nem adta meg” azt jelenti, hogy kérdezték, de nem válaszolt. A számok a megkérdezett áldozatokat írják le, akiket az őket segítő szervezetek választottak ki: nem reprezentatívak az összes áldozatra.",
    "status_not_asked_yet": "Ebben a jelentésben egyetlen áldozatot sem kérdeztek meg az áldozati kérdőív tartózkodási jogállásra is rákérdező 1.2.0-s vagy újabb változatával: az interjúk alapján a jelentés erről nem mondhat semmit.",
    "cap_residence_group": "Áldozatok az interjúkori tartózkodási jogállás és ország szerint",
    "cap_residence_status": "Áldozatok az interjúkori tartózkodási jogállás szerint ({scope})",
    "cap_years_since_identification": "Áldozatok az áldozatként való azonosításuk és az interjú között eltelt évek és ország szerint",
    "status_group": "A jogállás fajtája",
    "status_detail": "Tartózkodási jogállás",
    "status_victims": "Áldozatok",
    "status_not_stated": "Nem adta meg",
    "status_not_asked": "Nem kérdezték (a kérdőív korábbi változata)",
    "status_years_0_1": "0-1 év",
    "status_years_2_3": "2-3 év",
    "status_years_4_plus": "4 év vagy több",
    "overall_rating": "A beilleszkedés összességében, ahogy az áldozatok értékelték",
}
