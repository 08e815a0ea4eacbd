#!/usr/bin/env python3
"""Derive sitrep's embedded world gazetteer from the raw files in shared/.

Usage (from the repository root):

    python3 scripts/build_gazetteer.py ../shared

Reads  <shared>/data/gazetteer/{geonames,afghanistan}/... and the hand-written
       data/gazetteer/supplement.tsv
Writes data/gazetteer/{countries.tsv, admin1.tsv, admin2.tsv.gz, places.tsv.gz}

The output is deterministic: the same input gives byte-identical files (rows
are sorted, gzip headers carry no time stamp or file name). Only the Python
standard library is used. `data/gazetteer/stoplist.txt`, `supplement.tsv`,
`NOTICE.md` and `README.md` are written by hand and are never touched by
this script.

File formats (tab-separated, UTF-8, one header line starting with '#'):

  countries.tsv  iso2 iso3 numeric name region lat lon population geonameid names
  admin1.tsv     code country name lat lon population names
  admin2.tsv.gz  code admin1 name lat lon population names
  places.tsv.gz  geonameid admin1 admin2 name lat lon population names

`code`/`admin1`/`admin2` are GeoNames-style codes ("AF.13", "US.GA.121");
Afghan districts get codes of our own ("AF.13.d07"). `names` holds extra
surface forms separated by '|'. Empty fields mean unknown.
"""

from __future__ import annotations

import difflib
import gzip
import io
import json
import math
import re
import sys
import unicodedata
from pathlib import Path

# ---------------------------------------------------------------------------
# Hand-written facts
# ---------------------------------------------------------------------------

# ACLED's region for every ISO 3166-1 country GeoNames lists. ACLED follows
# the UN M49 sub-regions with its own changes: Egypt, Libya and Sudan are
# Northern Africa; Iran and Turkey are in the Middle East (Cyprus is in
# Europe); the Caucasus and former Soviet Central Asia form one region;
# Malawi, Mozambique, Zambia and Zimbabwe are Southern Africa. Territories
# get the region they sit in.
ACLED_REGION_MEMBERS = {
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "AO CM CF TD CD CG GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MU YT RE RW SC SO SS TZ UG IO TF",
    "Southern Africa": "BW LS MW MZ NA SZ ZA ZM ZW",
    "Northern Africa": "DZ EG LY MA TN SD EH",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH TL ID LA MY MM PH SG TH VN CX CC",
    "East Asia": "CN HK JP KP KR MO MN TW",
    "Middle East": "BH IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "Europe": (
        "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU "
        "IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ "
        "SK SM UA VA XK"
    ),
    "North America": "US CA BM GL PM",
    "Central America": "MX BZ CR SV GT HN NI PA",
    "Caribbean": (
        "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC "
        "TT VC VG VI"
    ),
    "South America": "AR BO BR CL CO EC FK GF GY PY PE SR UY VE GS",
    "Oceania": "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS",
    "Antarctica": "AQ BV HM",
}
ACLED_REGION = {
    iso2: region for region, members in ACLED_REGION_MEMBERS.items() for iso2 in members.split()
}

# Display names where ACLED's spelling differs from GeoNames'.
COUNTRY_NAME = {
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "NL": "Netherlands",
    "PS": "Palestine",
    "SZ": "eSwatini",
    "TL": "East Timor",
    "VA": "Vatican City",
}

# Common English variants, short forms and other names of today's countries.
COUNTRY_VARIANTS = {
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "BO": ["Plurinational State of Bolivia"],
    "BS": ["The Bahamas"],
    "CD": ["DR Congo", "D.R. Congo", "DRC", "Democratic Republic of the Congo",
           "Democratic Republic of Congo", "Congo-Kinshasa", "Congo Kinshasa", "Congo"],
    "CF": ["CAR", "Central Africa Republic"],
    "CG": ["Congo-Brazzaville", "Congo Brazzaville", "Republic of the Congo", "Congo"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire", "Ivory Coast"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "CZ": ["Czech Republic", "Czechia"],
    "FM": ["Federated States of Micronesia"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "GM": ["The Gambia"],
    "IE": ["Republic of Ireland", "Irish Republic", "Eire"],
    "IR": ["Islamic Republic of Iran", "Persia"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea", "Korea"],
    "LA": ["Lao PDR", "Lao People's Democratic Republic"],
    "MD": ["Republic of Moldova"],
    "MK": ["Macedonia", "FYROM", "Republic of Macedonia", "Former Yugoslav Republic of Macedonia"],
    "MM": ["Burma", "Myanmar"],
    "NL": ["Netherlands", "The Netherlands", "Holland"],
    "PS": ["Palestine", "State of Palestine", "Palestinian territories", "Palestinian Territories",
           "Occupied Palestinian Territories", "Occupied Palestinian Territory", "Gaza",
           "Gaza Strip", "West Bank"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "SZ": ["Swaziland", "eSwatini", "Eswatini"],
    "TL": ["East Timor", "Timor-Leste"],
    "TR": ["Türkiye", "Turkiye", "Turkey"],
    "TW": ["Republic of China"],
    "TZ": ["United Republic of Tanzania"],
    "US": ["U.S.", "US", "USA", "U.S.A.", "United States of America", "America", "the States"],
    "VA": ["Vatican", "Holy See", "Vatican City"],
    "VE": ["Bolivarian Republic of Venezuela"],
    "VN": ["Viet Nam"],
    "XK": ["Kosova", "Republic of Kosovo"],
    "YE": ["Republic of Yemen"],
}

# Historical names mapped to the country that holds the territory today, as
# ACLED codes events by today's borders.
HISTORICAL_NAMES = {
    "DE": ["West Germany", "East Germany", "Federal Republic of Germany", "German Democratic Republic"],
    "RU": ["Soviet Union", "USSR", "U.S.S.R."],
    "RS": ["Yugoslavia", "Serbia and Montenegro"],
    "CZ": ["Czechoslovakia"],
    "ZW": ["Rhodesia", "Southern Rhodesia"],
    "ZM": ["Northern Rhodesia"],
    "CD": ["Zaire"],
    "LK": ["Ceylon"],
    "MM": ["Burma"],
    "VN": ["South Vietnam", "North Vietnam"],
    "YE": ["North Yemen", "South Yemen"],
    "KH": ["Kampuchea"],
    "BJ": ["Dahomey"],
    "BF": ["Upper Volta"],
    "CW": ["Netherlands Antilles"],
}

# Countries GeoNames still lists but which no longer exist; their names are
# kept above as historical names instead.
OBSOLETE_COUNTRIES = {"CS", "AN"}

# Capitals whose GeoNames capital name does not match a cities1000 name.
CAPITAL_OVERRIDE = {"US": "Washington", "PS": "Ramallah", "IL": "Jerusalem", "KZ": "Astana"}

# ACLED's canonical spelling of Afghanistan's 34 provinces, keyed by ISO 3166-2.
ACLED_AF_PROVINCE = {
    "AF-BDS": "Badakhshan", "AF-BDG": "Badghis", "AF-BGL": "Baghlan", "AF-BAL": "Balkh",
    "AF-BAM": "Bamyan", "AF-DAY": "Daykundi", "AF-FRA": "Farah", "AF-FYB": "Faryab",
    "AF-GHA": "Ghazni", "AF-GHO": "Ghor", "AF-HEL": "Helmand", "AF-HER": "Herat",
    "AF-JOW": "Jowzjan", "AF-KAB": "Kabul", "AF-KAN": "Kandahar", "AF-KAP": "Kapisa",
    "AF-KHO": "Khost", "AF-KNR": "Kunar", "AF-KDZ": "Kunduz", "AF-LAG": "Laghman",
    "AF-LOG": "Logar", "AF-NAN": "Nangarhar", "AF-NIM": "Nimruz", "AF-NUR": "Nuristan",
    "AF-PIA": "Paktia", "AF-PKA": "Paktika", "AF-PAN": "Panjshir", "AF-PAR": "Parwan",
    "AF-SAM": "Samangan", "AF-SAR": "Sar-e Pol", "AF-TAK": "Takhar", "AF-URU": "Uruzgan",
    "AF-WAR": "Wardak", "AF-ZAB": "Zabul",
}

# Provincial capitals (ACLED codes province-level events at the capital),
# as spelled by GeoNames or villages.json; matched by key within the province.
AF_PROVINCE_CAPITAL = {
    "AF-BDS": "Fayzabad", "AF-BDG": "Qala-i-Naw", "AF-BGL": "Pul-e Khumri",
    "AF-BAL": "Mazar-e Sharif", "AF-BAM": "Bamyan", "AF-DAY": "Nili", "AF-FRA": "Farah",
    "AF-FYB": "Maymana", "AF-GHA": "Ghazni", "AF-GHO": "Chaghcharan", "AF-HEL": "Lashkar Gah",
    "AF-HER": "Herat", "AF-JOW": "Sheberghan", "AF-KAB": "Kabul", "AF-KAN": "Kandahar",
    "AF-KAP": "Mahmud Raqi", "AF-KHO": "Khost", "AF-KNR": "Asadabad", "AF-KDZ": "Kunduz",
    "AF-LAG": "Mehtar Lam", "AF-LOG": "Pul-e Alam", "AF-NAN": "Jalalabad", "AF-NIM": "Zaranj",
    "AF-NUR": "Parun", "AF-PIA": "Gardez", "AF-PKA": "Sharan", "AF-PAN": "Bazarak",
    "AF-PAR": "Charikar", "AF-SAM": "Aibak", "AF-SAR": "Sar-e Pul", "AF-TAK": "Taloqan",
    "AF-URU": "Tarinkot", "AF-WAR": "Maidan Shahr", "AF-ZAB": "Qalat",
}

# Spellings seen in news and in ACLED's own history that none of the source
# files carry.
EXTRA_AF_PROVINCE_ALIASES = {
    "AF-DAY": ["Daikondi", "Daykondi", "Daikundi", "Dai Kundi"],
    "AF-GHA": ["Ghanzi"],
    "AF-GHO": ["Ghowr"],
    "AF-HEL": ["Hilmand"],
    "AF-HER": ["Hirat"],
    "AF-JOW": ["Jawzjan", "Jozjan", "Jowzjan"],
    "AF-NIM": ["Nimroz"],
    "AF-PAN": ["Panjsher", "Panjshayr"],
    "AF-SAR": ["Sar-i-Pul", "Sar-e-Pol", "Sari Pul", "Sar-i Pul", "Sar-e Pul"],
    "AF-URU": ["Oruzgan", "Urozgan", "Uruzgan"],
    "AF-WAR": ["Maidan Wardak", "Maydan Wardak", "Vardak", "Wardag"],
}

# English and ACLED spellings of first-level divisions in conflict-heavy
# countries that GeoNames does not list, keyed by GeoNames admin1 code.
EXTRA_ADMIN1_ALIASES = {
    "SO.02": ["Banadir", "Benadir"], "SO.07": ["Hiraan", "Hiran"],
    "SO.13": ["Middle Shabelle", "Middle Shabeelle", "Shabeellaha Dhexe"],
    "SO.14": ["Lower Shabelle", "Lower Shabele", "Shabeellaha Hoose"],
    "SO.20": ["Woqooyi Galbeed", "Maroodi Jeex"],
    "YE.04": ["Hadramawt", "Hadramaut", "Hadhramaut", "Hadhramout", "Hadramout"],
    "YE.08": ["Hodeidah", "Hudaydah"], "YE.14": ["Marib"], "YE.15": ["Saada", "Sadah", "Saadah"],
    "YE.18": ["Al Dhale", "Dhale", "Ad Dali", "Al Dhalea"], "YE.19": ["Amran"],
    "YE.24": ["Lahj"], "YE.25": ["Taizz", "Taiz"], "YE.26": ["Amanat al Asimah", "Sanaa City"],
    "YE.28": ["Socotra"],
    "SY.01": ["Hasakeh", "Hassakeh", "Al Hasakah"], "SY.02": ["Lattakia"],
    "SY.04": ["Ar-Raqqa", "Al-Raqqah", "Ar Raqqah"], "SY.05": ["As-Suwayda", "Sweida", "As Suwayda"],
    "SY.06": ["Dar'a", "Deraa", "Dara'a"],
    "SY.07": ["Deir el-Zor", "Deir Ezzor", "Dayr az Zawr", "Deir al-Zour"],
    "SY.08": ["Rif Dimashq", "Rural Damascus", "Damascus Countryside"],
    "SY.12": ["Idleb"], "SY.14": ["Tartous"],
    "IQ.03": ["Al-Muthanna"], "IQ.04": ["Qadisiyah", "Diwaniyah"],
    "IQ.05": ["Sulaimaniya", "Sulaimaniyah", "Suleimaniyah"], "IQ.06": ["Babylon"],
    "IQ.08": ["Dohuk", "Dahuk"], "IQ.09": ["Thi Qar"], "IQ.11": ["Arbil"], "IQ.14": ["Missan"],
    "IQ.15": ["Ninewa", "Ninawa"],
    "IQ.18": ["Salahuddin", "Salah al-Din", "Saladin", "Salahaddin", "Salah al Din"],
    "LY.69": ["Benghazi"], "LY.70": ["Derna"], "LY.72": ["Misrata", "Misurata"],
    "LY.75": ["Sabha"], "LY.76": ["Sirte"], "LY.68": ["Zawiya"],
    "ML.05": ["Segou"], "ML.08": ["Timbuktu"],
    "NG.05": ["Lagos State"], "NG.11": ["Federal Capital Territory"], "NG.25": ["Anambra State"],
    "NG.31": ["Niger State"], "NG.35": ["Adamawa State"], "NG.36": ["Delta State"],
    "NG.40": ["Kebbi State"], "NG.46": ["Bauchi State"], "NG.51": ["Sokoto State"],
    "CM.12": ["Extreme North", "Extreme-Nord", "Far North Region"],
    "PK.02": ["Baluchistan", "Balochistan"], "PK.03": ["KPK", "Khyber-Pakhtunkhwa", "NWFP",
                                                       "North-West Frontier Province"],
    "PK.06": ["Azad Jammu and Kashmir", "AJK"], "PK.07": ["Gilgit Baltistan"],
    "IN.12": ["Jammu & Kashmir", "J&K"],
}

# Abbreviations of first-level divisions in English-language news: the
# Associated Press forms of US states ("Va.", "Calif.", "N.Y.") with common
# variants, the postal codes, and the same for Canadian provinces and
# Australian states. Written to admin1.tsv's last column; `sitrep-geo`
# only takes a one-word form where news uses it, after "Town, " or in a
# party label ("D-Va."), and one written with a period only with it.
_US_STATES = {
    "AL": "Ala.", "AK": "Alaska", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.",
    "CO": "Colo.", "CT": "Conn.", "DE": "Del.", "DC": "D.C.", "FL": "Fla.",
    "GA": "Ga.", "HI": "Hawaii", "ID": "Idaho", "IL": "Ill.", "IN": "Ind.", "IA": "Iowa",
    "KS": "Kan.|Kans.", "KY": "Ky.", "LA": "La.", "ME": "Maine", "MD": "Md.",
    "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.", "MO": "Mo.",
    "MT": "Mont.", "NE": "Neb.|Nebr.", "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.",
    "NM": "N.M.|N.Mex.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.|N.Dak.", "OH": "Ohio",
    "OK": "Okla.", "OR": "Ore.|Oreg.", "PA": "Pa.|Penn.|Penna.", "RI": "R.I.",
    "SC": "S.C.", "SD": "S.D.|S.Dak.", "TN": "Tenn.", "TX": "Tex.", "UT": "Utah",
    "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.|W.V.", "WI": "Wis.|Wisc.",
    "WY": "Wyo.",
}
_CANADA = {
    "CA.01": "Alta.|AB", "CA.02": "B.C.|BC", "CA.03": "Man.|MB", "CA.04": "N.B.|NB",
    "CA.05": "Nfld.|N.L.|NL", "CA.07": "N.S.|NS", "CA.08": "Ont.|ON", "CA.09": "P.E.I.|PE|PEI",
    "CA.10": "Que.|QC|PQ", "CA.11": "Sask.|SK", "CA.12": "Y.T.|YT", "CA.13": "N.W.T.|NT|NWT",
    "CA.14": "NU",
}
_AUSTRALIA = {
    "AU.01": "ACT", "AU.02": "NSW|N.S.W.", "AU.03": "NT", "AU.04": "Qld|QLD", "AU.05": "SA",
    "AU.06": "Tas.|TAS", "AU.07": "Vic.|VIC", "AU.08": "WA",
}
ABBREVIATIONS: dict[str, list[str]] = {}
for _code, _forms in _US_STATES.items():
    # The postal code too; a form that is the full name ("Ohio") adds nothing.
    ABBREVIATIONS[f"US.{_code}"] = [f for f in _forms.split("|") if "." in f] + [_code]
for _code, _forms in list(_CANADA.items()) + list(_AUSTRALIA.items()):
    ABBREVIATIONS[_code] = _forms.split("|")

# Spellings of Afghan districts in ACLED and news that the AIMS and
# provinces-and-districts lists lack, keyed by province and by the district's
# name in the built data (geoBoundaries/AIMS spelling).
AF_DISTRICT_ALIASES = {
    "AF-URU": {"Tirin Kot": ["Tarin Kot", "Tarinkot", "Tarin Kowt"],
               "Dihrawud": ["Dehrawud", "Deh Rawud", "Dehrawood", "Deh Rawood"]},
    "AF-HEL": {"Nahri Sarraj": ["Nahr-e Saraj", "Nahr-e-Saraj", "Nahri Saraj", "Nahr-i-Saraj"],
               "Nad Ali": ["Nad-e Ali", "Nad-e-Ali", "Nadali", "Nad-i-Ali"],
               "Nawa-I- Barak Zayi": ["Nawa-e Barakzayi", "Nawa-e-Barakzai", "Nawa Barakzai",
                                      "Nawa"],
               "Reg(Khanshin)": ["Khan Neshin", "Khanneshin"], "Dishu": ["Deshu"]},
    "AF-KAN": {"Zhari": ["Zharey", "Zheray"], "Maywand": ["Maiwand"],
               "Panjwayi": ["Panjwai", "Panjway"], "Miya Nishin": ["Mianeshin", "Mia Nishin"],
               "Maruf": ["Maroof"]},
    "AF-KDZ": {"Chahar Dara": ["Char Dara", "Chardara", "Char Darah"],
               "Dashte Archi": ["Dasht-e Archi", "Dasht-e-Archi"],
               "Qalay-I- Zal": ["Qala-e Zal", "Qala-i-Zal", "Qalay-e Zal"]},
    "AF-GHA": {"Dih Yak": ["Deh Yak", "Dehyak"], "Giro": ["Gero"], "Muqur": ["Moqur"],
               "Qarabagh": ["Qara Bagh"]},
    "AF-NAN": {"Khogayani": ["Khogyani", "Khugyani"], "Bati Kot": ["Batikot"],
               "Dur Baba": ["Dor Baba"], "Lal Por": ["Lalpur"], "Surkh Rod": ["Surkhrod"],
               "Muhmand Dara": ["Mohmand Dara"], "Pachier Agam": ["Pachir Wa Agam", "Pachir Aw Agam"]},
    "AF-FYB": {"Qaysar": ["Qaisar"]},
    "AF-BAL": {"Mazari Sharif": ["Mazar-e Sharif"], "Nahri Shahi": ["Nahr-e Shahi"]},
    "AF-JOW": {"Shibirghan": ["Sheberghan", "Shiberghan", "Shebergan"], "Qush Tepa": ["Qosh Tepa"]},
    "AF-SAR": {"Sayyad": ["Sayad"], "Sozma Qala": ["Sozmaqala"]},
    "AF-BDG": {"Bala Murghab": ["Bala Morghab"], "Qala-I- Naw": ["Qala-e Naw", "Qala-i-Naw", "Qalay-e Naw"]},
    "AF-HER": {"Guzara": ["Guzarah"], "Pashtun Zarghun": ["Pashtun Zarghoon"], "Kohsan": ["Kuhsan"]},
    "AF-ZAB": {"Shinkay": ["Shinkai"], "Daychopan": ["Dai Chopan", "Daichopan"]},
    "AF-PKA": {"Urgun": ["Orgun"], "Yahya Khel": ["Yahyakhel"]},
    "AF-PIA": {"Sayed Karam": ["Sayid Karam"]},
    "AF-GHO": {"Du Layna": ["Dolaina", "Dolina"], "Charsada": ["Charsadra"],
               "Dawlat Yar": ["Dawlatyar"], "Taywara": ["Taiwara", "Tiwara"],
               "Lal Wa Sarjangal": ["Lal-o-Sarjangal"]},
    "AF-FRA": {"Bala Buluk": ["Bala Baluk", "Bala Boluk"], "Pusht Rod": ["Pusht-e Rod", "Pushtrod"],
               "Khaki Safed": ["Khak-e Safed"], "Lash Wa Juwayn": ["Lash-e Juwayn"],
               "Shib Koh": ["Shibkoh"], "Qala Ka": ["Qala-e Kah"]},
}

# Districts created after the 2014 AIMS list, as (province, name, lat, lon,
# other spellings); the point is the district centre's approximate position.
AF_NEW_DISTRICTS = [
    ("AF-URU", "Chinarto", 32.7325, 66.2652, ["Chenartu", "Chinartu", "Chenarto"]),
    ("AF-HEL", "Marjah", 31.5200, 64.1200, ["Marja", "Marjeh"]),
    ("AF-KAN", "Dand", 31.5000, 65.7300, []),
]

# Words that name the kind of a division rather than the division: they are
# stripped from division names to make the cleaned aliases people write
# ("Damascus Governorate" -> "Damascus", "State of Mexico" -> "Mexico").
DIVISION_SUFFIXES = [
    "autonomous province", "autonomous region", "autonomous oblast", "autonomous okrug",
    "autonomous republic", "autonomous community", "special administrative region",
    "capital territory", "capital district", "capital region", "federal district",
    "metropolitan city", "metropolitan municipality", "metropolitan borough",
    "district municipality", "local municipality", "city municipality", "urban district",
    "municipal district", "regional unit", "administrative region", "development region",
    "province", "provincia", "governorate", "region", "regional", "state", "oblast", "oblast'",
    "kray", "krai", "county", "department", "departement", "district", "municipality",
    "municipio", "prefecture", "parish", "division", "canton", "voivodeship", "territory",
    "republic", "wilayat", "wilaya", "muhafazat", "emirate", "city", "shahrestan", "rayon",
    "raion", "zone", "commune", "sub-county", "subdistrict", "sub-district", "tehsil",
    "regency", "kabupaten", "agency", "cercle", "local government area", "lga", "township",
    "subdivision", "sub-division", "tehsil", "taluk", "taluka", "mandal", "woreda", "barangay",
    "area",
]
DIVISION_PREFIXES = [
    "province of", "provincia de", "provincia di", "provincia del", "state of", "estado de",
    "departamento de", "departamento del", "departement de", "departement du",
    "department of", "region of", "region de", "republic of", "governorate of",
    "county of", "city of", "municipality of", "district of", "wilayat-e", "wilayat e",
    "muhafazat", "kabupaten", "kota", "comuna", "municipio de", "municipio",
    "concelho de", "canton de", "oblast", "gmina", "powiat", "okres", "okrug", "al",
]

# A cleaned alias made only of these words names no place by itself
# ("Western Region" -> "Western", "Free State" -> "Free"), so it is dropped.
GENERIC_WORDS = set(
    "north south east west northern southern eastern western central middle upper lower "
    "northeast northwest southeast southwest northeastern northwestern southeastern "
    "southwestern far high greater capital federal national free new old coast coastal "
    "island islands lake lakes river rivers mountain mountains highlands lowlands "
    "plateau valley delta sea gulf bay border frontier interior metropolitan urban rural "
    "special autonomous the of and la le de del do da el al city province state region".split()
)

# How many alternate names to keep per populated place. GeoNames lists
# exonyms in dozens of languages; past a few hundred thousand names they add
# false matches faster than they add recall. Big places keep their exonyms
# ("Bombay", "Peking"); smaller ones keep only spellings close to the main
# name (transliteration variants such as "Qala-i-Naw"/"Qala-e-Naw").
ALT_POLICY = [  # (minimum population, max alternates, minimum similarity)
    (1_000_000, 40, 0.0),
    (50_000, 25, 0.0),
    (10_000, 8, 0.6),
    (0, 4, 0.75),
]

# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

_FOLD = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d",
    "Ð": "D", "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe",
    "Œ": "Oe", "ħ": "h", "Ħ": "H", "ŀ": "l", "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'",
    "ʿ": "'", "ʾ": "'", "`": "'", "´": "'", "–": "-", "—": "-",
})


def fold(s: str) -> str:
    """Latin text without diacritics ("Herāt" -> "Herat")."""
    s = unicodedata.normalize("NFKD", s.translate(_FOLD))
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def key(s: str) -> str:
    """An approximation of the run-time matching key, used here only to
    de-duplicate names and to join sources; the crate computes its own."""
    s = fold(s).lower().replace("'", "")
    return " ".join(re.findall(r"[a-z0-9]+", s))


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def clean_field(s: str) -> str:
    return re.sub(r"[\t\n\r|]+", " ", s).strip()


def display_name(s: str) -> str:
    """ASCII form of a Latin name when folding gives pure ASCII, as ACLED
    writes place names without diacritics."""
    f = fold(s)
    return f if f.isascii() else s


def _strip_once(base: str) -> list[str]:
    out = []
    low = base.lower()
    for p in sorted(DIVISION_PREFIXES, key=len, reverse=True):
        if any(low.startswith(p + sep) for sep in (" ", "-")) and len(base) > len(p) + 3:
            out.append(base[len(p) + 1:].strip(" -'"))
            break
    for s in sorted(DIVISION_SUFFIXES, key=len, reverse=True):
        if any(low.endswith(sep + s) for sep in (" ", "-")) and len(base) > len(s) + 3:
            out.append(base[: -len(s) - 1].strip(" -,"))
            break
    return out


def strip_division_words(name: str) -> list[str]:
    """Cleaned aliases of a division name ("Sar-e Pol Province" -> "Sar-e Pol",
    "Al-Shirqat District" -> "Al-Shirqat", "Shirqat")."""
    base = fold(name)
    out: list[str] = []
    todo = [base]
    while todo:
        for n in _strip_once(todo.pop()):
            if n and n not in out:
                out.append(n)
                todo.append(n)
    # "South-West" is also written "Southwest".
    for n in [base] + out:
        m = re.match(r"^(North|South)-(East|West)(.*)$", n)
        if m:
            out.append(m.group(1) + m.group(2).lower() + m.group(3))
    # "X (Y)" -> "X", "Y".
    more = []
    for n in [base] + out:
        m = re.match(r"^(.*?)\s*\((.*)\)\s*$", n)
        if m:
            more += [m.group(1), m.group(2)]
    # A generic alias ("Western") is dropped unless the division is really
    # called that way ("South-West" region, Cameroon -> "Southwest").
    generic_base = set(key(base).split()) <= GENERIC_WORDS
    return [n for n in out + more
            if len(n) >= 3 and (generic_base or not set(key(n).split()) <= GENERIC_WORDS)]


def strip_article(k: str) -> str:
    """A key without a leading Arabic article ("al hawl" -> "hawl")."""
    return re.sub(r"^(al|el|an|ar|as|ash|at|ad|az) ", "", k)


def fmt_coord(x: float) -> str:
    return f"{x:.4f}"


def write_tsv(path: Path, header: str, rows: list[list[str]], gz: bool, lists: int = 1) -> None:
    # No field may hold a tab, a line break or, except the last `lists`
    # columns (lists of names), the name separator.
    for r in rows:
        for i, f in enumerate(r):
            if re.search(r"[\t\r\n]", f) or ("|" in f and i < len(r) - lists):
                raise SystemExit(f"{path.name}: bad field {f!r} in {r[:3]}")
    lines = [header] + ["\t".join(r) for r in rows]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if gz:
        buf = io.BytesIO()
        # mtime=0 and no file name keep the output byte-identical across runs.
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
            f.write(data)
        data = buf.getvalue()
    path.write_bytes(data)


def join_names(primary: str, names: list[str], reserved: bool = True) -> str:
    """The extra names of an entry, '|'-separated, without repeats (by key)
    and, unless the entry is a country, without country names."""
    seen = {key(primary)}
    out = []
    for n in names:
        n = clean_field(n)
        k = key(n)
        if not k or k in seen or (reserved and k in RESERVED_KEYS):
            continue
        seen.add(k)
        out.append(n)
    return "|".join(out)


# ---------------------------------------------------------------------------
# Geometry (build time only)
# ---------------------------------------------------------------------------

def polygons_of(geometry: dict) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        polys = [geometry["coordinates"]]
    else:
        polys = geometry["coordinates"]
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in poly] for poly in polys]


def bbox(polys) -> tuple[float, float, float, float]:
    xs = [p[0] for poly in polys for p in poly[0]]
    ys = [p[1] for poly in polys for p in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)


def point_in_rings(x: float, y: float, rings) -> bool:
    """Even-odd ray casting over all rings, so holes count as outside."""
    inside = False
    for ring in rings:
        n = len(ring)
        j = n - 1
        for i in range(n):
            xi, yi = ring[i]
            xj, yj = ring[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
    return inside


class Shape:
    def __init__(self, name: str, props: dict, geometry: dict):
        self.name = name
        self.props = props
        self.polys = polygons_of(geometry)
        self.bbox = bbox(self.polys)

    def contains(self, lat: float, lon: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        return any(point_in_rings(lon, lat, poly) for poly in self.polys)

    def centroid(self) -> tuple[float, float]:
        """Area-weighted centroid of the largest outer ring, as (lat, lon)."""
        best = None
        for poly in self.polys:
            ring = poly[0]
            a = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
                c = x0 * y1 - x1 * y0
                a += c
                cx += (x0 + x1) * c
                cy += (y0 + y1) * c
            if a == 0:
                continue
            cand = (abs(a), cy / (3 * a), cx / (3 * a))
            if best is None or cand[0] > best[0]:
                best = cand
        if best is None:
            x0, y0, x1, y1 = self.bbox
            return (y0 + y1) / 2, (x0 + x1) / 2
        return best[1], best[2]

    def area(self) -> float:
        """Approximate area in km² of all outer rings."""
        total = 0.0
        for poly in self.polys:
            c = ring_centroid(poly[0])
            total += c[0] if c else 0.0
        return total

    def dist2(self, lat: float, lon: float) -> float:
        clat, clon = self.centroid()
        return (clat - lat) ** 2 + ((clon - lon) * math.cos(math.radians(lat))) ** 2


def locate(shapes: list[Shape], lat: float, lon: float) -> Shape | None:
    for s in shapes:
        if s.contains(lat, lon):
            return s
    return None


def unwrap_lons(points: list[tuple[float, float]]) -> tuple[list[tuple[float, float]], bool]:
    """Points of a unit that straddles the antimeridian (Chukotka, Fiji, the
    Aleutians) with western longitudes moved past 180, so that averages
    and hulls do not cross the globe."""
    if any(lon > 150 for _, lon in points) and any(lon < -150 for _, lon in points):
        return [(lat, lon + 360 if lon < 0 else lon) for lat, lon in points], True
    return points, False


def wrap_lon(lon: float) -> float:
    return lon - 360 if lon > 180 else lon


def convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain over (x, y) points, counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def ring_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float] | None:
    """(area in km², lat, lon) of a closed (lon, lat) ring, or None when it
    has no area. Degrees are scaled by the cosine of the ring's latitude,
    which is close enough for weighting units against each other."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if a == 0:
        return None
    lat, lon = cy / (3 * a), cx / (3 * a)
    return abs(a) / 2 * 111.32 * 111.32 * math.cos(math.radians(lat)), lat, lon


def places_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float, tuple]:
    """Where a division lies when the sources give no outline: the centroid
    of the convex hull of its places, as (area in km², lat, lon, bounding
    box). The hull, unlike an average of the places, does not lean towards
    where people crowd (Houston and Dallas for Texas, the south for
    Ontario); it only needs the places to reach the unit's edges, which
    they roughly do. Fewer than three places give their average and no
    area."""
    pts, _ = unwrap_lons(points)
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    box = (min(lats), min(lons), max(lats), max(lons))
    hull = convex_hull([(lon, lat) for lat, lon in pts])
    c = ring_centroid(hull) if len(hull) >= 3 else None
    if c is None:
        return 0.0, sum(lats) / len(lats), wrap_lon(sum(lons) / len(lons)), box
    return c[0], c[1], wrap_lon(c[2]), box


def country_centroid(units: list[tuple[float, float, float, tuple]]) -> tuple[float, float] | None:
    """A country's centroid from its first-level divisions' (area, lat, lon,
    box): their centroids weighted by their areas, over the country's main
    landmass only, i.e. the divisions whose places lie within 3 degrees of
    one another, with the most divisions: overseas states and exclaves
    (Alaska, Hawaii, Kaliningrad) would drag it into the sea. Weighting by
    area rather than averaging places keeps the empty north of Russia and
    Canada in the picture."""
    units = [u for u in units if u[0] > 0]
    if not units:
        return None
    lons = [(0.0, u[2]) for u in units]
    _, shifted = unwrap_lons(lons)
    if shifted:
        units = [(a, lat, lon + 360 if lon < 0 else lon,
                  (b[0], b[1] + 360 if b[1] < 0 else b[1], b[2], b[3] + 360 if b[3] < 0 else b[3]))
                 for a, lat, lon, b in units]
    n = len(units)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            a, b = units[i][3], units[j][3]
            dx = max(0.0, max(a[1], b[1]) - min(a[3], b[3]))
            dy = max(0.0, max(a[0], b[0]) - min(a[2], b[2]))
            if dx <= 3.0 and dy <= 3.0:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    main = max(groups.values(), key=lambda g: (len(g), sum(units[i][0] for i in g), -min(g)))
    w = sum(units[i][0] for i in main)
    lat = sum(units[i][0] * units[i][1] for i in main) / w
    lon = sum(units[i][0] * units[i][2] for i in main) / w
    return lat, wrap_lon(lon)


TERRITORY_STEP = 0.5
"""Grid cell size of the territories, in degrees (about 55 km)."""
TERRITORY_REACH_KM = 300.0
"""A territory never reaches farther than this from its own places."""
TERRITORY_GAP = 5
"""Cells of one territory at most this many cells apart are one landmass."""
TERRITORY_PART = 0.3
"""Landmasses with at least this share of the largest one's area count."""


def territory_centroids(places: list[dict], area_km2: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Where each country and first-level division lies when the sources
    give no outline: the area-weighted centre of its *territory*, grown on
    a 0.5-degree grid outward from its places, nearest cell first and all
    countries at once, until the territory covers the country's area
    (GeoNames' `areakm2`) or lies 300 km from its places. A cell goes to
    the nearest place's division and country, so empty interiors
    (Siberia, the Sahara, the Canadian north) are filled by whoever is
    nearest, and each place counts by the ground around it, not by how
    many people crowd there: the populous coasts of Australia or the south
    of Canada do not pull the point. Only the main landmass counts:
    parts that lie more than 5 cells from it and are smaller than 30% of
    it (Alaska and Hawaii for the United States, Easter Island for Chile,
    Kaliningrad) are left out. Returns centres by division code and by
    country code, as (lat, lon)."""
    import heapq

    step = TERRITORY_STEP
    nlat, nlon = int(round(180 / step)), int(round(360 / step))

    def cell_of(lat: float, lon: float) -> tuple[int, int]:
        return min(nlat - 1, int((lat + 90) / step)), int((lon + 180) / step) % nlon

    def cell_area(i: int) -> float:
        return math.cos(math.radians(-90 + (i + 0.5) * step)) * (step * 111.2) ** 2

    def step_km(i: int, di: int, dj: int) -> float:
        lat = -90 + (i + 0.5) * step
        return math.hypot(di * step * 111.2, dj * step * 111.2 * math.cos(math.radians(lat)))

    # Each cell with places starts as the division most of them lie in.
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for p in places:
        unit = p["admin1"] or p["cc"]
        c = counts.setdefault(cell_of(p["lat"], p["lon"]), {})
        c[unit] = c.get(unit, 0) + 1
    heap = []
    for c in sorted(counts):
        unit = max(counts[c].items(), key=lambda kv: (kv[1], kv[0]))[0]
        heap.append((0.0, c, unit))
    heapq.heapify(heap)
    owner: dict[tuple[int, int], str] = {}
    used: dict[str, float] = {}
    while heap:
        d, c, unit = heapq.heappop(heap)
        if c in owner:
            continue
        cc = unit.split(".")[0]
        if d > 0 and used.get(cc, 0.0) >= area_km2.get(cc, 0.0):
            continue
        owner[c] = unit
        used[cc] = used.get(cc, 0.0) + cell_area(c[0])
        i, j = c
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                ni = i + di
                if (di or dj) and 0 <= ni < nlat:
                    nj = (j + dj) % nlon
                    nd = d + step_km(i, di, dj)
                    if (ni, nj) not in owner and nd <= TERRITORY_REACH_KM:
                        heapq.heappush(heap, (nd, (ni, nj), unit))

    def centre(cells: list[tuple[int, int]]) -> tuple[float, float]:
        present = set(cells)
        seen: set[tuple[int, int]] = set()
        parts = []
        for c in sorted(cells):
            if c in seen:
                continue
            part, stack = [], [c]
            seen.add(c)
            while stack:
                x = stack.pop()
                part.append(x)
                for di in range(-TERRITORY_GAP, TERRITORY_GAP + 1):
                    for dj in range(-TERRITORY_GAP, TERRITORY_GAP + 1):
                        y = (x[0] + di, (x[1] + dj) % nlon)
                        if y in present and y not in seen:
                            seen.add(y)
                            stack.append(y)
            parts.append(sorted(part))
        areas = [sum(cell_area(i) for i, _ in part) for part in parts]
        largest = max(areas)
        main = [c for part, a in zip(parts, areas) if a >= TERRITORY_PART * largest for c in part]
        lons = [-180 + (j + 0.5) * step for _, j in main]
        shift = any(lo > 150 for lo in lons) and any(lo < -150 for lo in lons)
        w = x = y = 0.0
        for i, j in main:
            lat, lon = -90 + (i + 0.5) * step, -180 + (j + 0.5) * step
            if shift and lon < 0:
                lon += 360
            a = cell_area(i)
            w += a
            x += a * lon
            y += a * lat
        return y / w, wrap_lon(x / w)

    by_unit: dict[str, list[tuple[int, int]]] = {}
    by_country: dict[str, list[tuple[int, int]]] = {}
    for c in sorted(owner):
        unit = owner[c]
        by_unit.setdefault(unit, []).append(c)
        by_country.setdefault(unit.split(".")[0], []).append(c)
    out = {u: centre(cells) for u, cells in sorted(by_unit.items()) if "." in u}
    out.update({cc: centre(cells) for cc, cells in sorted(by_country.items())})
    return out


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

def load_json(path: Path):
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    with path.open(encoding="utf-8") as f:
        return json.load(f)


# Keys of every country name and variant: an alternate name of a place or
# division that spells a country ("Iraq" for Arak, Iran) is dropped, as news
# text means the country.
RESERVED_KEYS: set[str] = set()


def pick_alternates(name: str, alternates: list[str], population: int, generous: bool = False) -> list[str]:
    for min_pop, cap, min_sim in ALT_POLICY:
        if population >= min_pop:
            break
    if generous:
        cap, min_sim = max(cap, 15), 0.0
    name_key = key(name)
    candidates: dict[str, str] = {}
    for a in sorted(alternates):
        a = clean_field(a)
        if not a or len(a) > 60 or not is_latin(a):
            continue
        first = next((c for c in a if c.isalpha()), "")
        # Lower-case entries are mostly romanised forms of non-Latin names
        # ("kabl", "kan da ha"); all-caps short ones are airport codes.
        if not first.isupper() or (a.isupper() and len(a) <= 4):
            continue
        if any(c.isdigit() for c in a) or "(" in a or "," in a:
            continue
        k = key(a)
        if k and k != name_key and k not in RESERVED_KEYS:
            candidates.setdefault(k, a)
    # The most name-like spellings first, so a cap keeps transliteration
    # variants before exonyms.
    scored = sorted(
        ((difflib.SequenceMatcher(None, name_key, k).ratio(), a) for k, a in candidates.items()),
        key=lambda x: (-x[0], x[1]),
    )
    return [a for ratio, a in scored if ratio >= min_sim][:cap]


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    shared = Path(sys.argv[1])
    src = shared / "data" / "gazetteer"
    repo = Path(__file__).resolve().parent.parent
    out_dir = repo / "data" / "gazetteer"
    out_dir.mkdir(parents=True, exist_ok=True)

    countries = load_json(src / "geonames" / "countries.json")
    admin1 = load_json(src / "geonames" / "admin1.json")
    admin2 = load_json(src / "geonames" / "admin2.json.gz")
    cities = load_json(src / "geonames" / "cities1000.json.gz")
    af = src / "afghanistan"
    prov_aliases = load_json(af / "province_aliases.json")
    iso_af = load_json(af / "iso3166-2_AF.json")
    pad = load_json(af / "provinces-and-districts.json")
    villages = load_json(af / "villages.json")
    adm1_shapes = [
        Shape(f["properties"]["shapeName"], f["properties"], f["geometry"])
        for f in load_json(af / "geoBoundaries-AFG-ADM1.geojson")["features"]
    ]
    adm2_shapes = [
        Shape(f["properties"]["shapeName"], f["properties"], f["geometry"])
        for f in load_json(af / "geoBoundaries-AFG-ADM2_simplified.geojson")["features"]
    ]

    for iso2, c in countries.items():
        for n in [c["name"], COUNTRY_NAME.get(iso2, "")] + COUNTRY_VARIANTS.get(iso2, []) + HISTORICAL_NAMES.get(iso2, []):
            if key(n):
                RESERVED_KEYS.add(key(n))

    city_list = sorted(cities.values(), key=lambda c: c["geonameid"])

    # -- Afghanistan: provinces -------------------------------------------
    # Every spelling of every province, mapped to its GeoNames admin1 code.
    af_code_of_iso = {p["iso3166_2"]: p["geonames_admin1"] for p in prov_aliases}
    af_names: dict[str, list[str]] = {}
    for p in prov_aliases:
        iso = p["iso3166_2"]
        names = [ACLED_AF_PROVINCE[iso], p["name"]] + p["aliases"]
        names += EXTRA_AF_PROVINCE_ALIASES.get(iso, [])
        local = iso_af.get(iso, {}).get("localOtherName") or ""
        for part in local.split(","):
            part = re.sub(r"\(.*?\)", "", part).strip()
            if part and is_latin(part):
                names.append(part)
        if iso_af.get(iso, {}).get("name"):
            names.append(iso_af[iso]["name"])
        af_names[af_code_of_iso[iso]] = names
    shape_iso_to_code = {p["geoboundaries_shapeISO"]: p["geonames_admin1"] for p in prov_aliases}
    for s in adm1_shapes:
        code = shape_iso_to_code.get(s.props.get("shapeISO"))
        s.code = code
        if code:
            af_names[code].append(s.name)
    af_key_to_code = {}
    for code, names in af_names.items():
        for n in names:
            for a in [n] + strip_division_words(n):
                af_key_to_code.setdefault(key(a), code)
    for p in pad:
        code = af_key_to_code.get(key(p["name"]))
        if code:
            af_names[code].append(p["name"])
    for v in villages:
        code = af_key_to_code.get(key(v["Province"]))
        if code is None:
            print(f"warning: village province {v['Province']!r} unknown", file=sys.stderr)
        else:
            af_names[code].append(v["Province"])

    def af_province_at(lat: float, lon: float, fallback: str | None) -> str | None:
        s = locate(adm1_shapes, lat, lon)
        return s.code if s is not None and s.code else fallback

    # -- Afghanistan: districts -------------------------------------------
    # geoBoundaries ADM2 (AIMS 2014, the district set ACLED's admin2 follows)
    # gives the canonical name and the polygon; provinces-and-districts.json
    # adds spellings and the districts created since 2014.
    districts = []  # dicts: code, admin1, name, lat, lon, names, shape
    for s in sorted(adm2_shapes, key=lambda s: (s.name, s.centroid())):
        lat, lon = s.centroid()
        if not s.contains(lat, lon):
            # A concave district: use its first vertex's nearest inside point
            # proxy, the mean of the outer ring, which is good enough for a
            # representative point at province precision.
            ring = s.polys[0][0]
            lat = sum(p[1] for p in ring) / len(ring)
            lon = sum(p[0] for p in ring) / len(ring)
        prov = af_province_at(lat, lon, None)
        if prov is None:
            best = min(adm1_shapes, key=lambda a: a.dist2(lat, lon))
            prov = best.code
        names = [clean_field(s.name)] + strip_division_words(clean_field(s.name))
        districts.append({"admin1": prov, "name": clean_field(s.name), "lat": lat, "lon": lon,
                          "names": names, "shape": s, "pad_point": False})
    for p in pad:
        p_code = af_key_to_code.get(key(p["name"]))
        for d in p["districts"]:
            dlat, dlon = float(d["latitude"]), float(d["longitude"])
            dname = clean_field(d["name"]).rstrip(".")
            if dname in ("N/A", "") or (dlat == 0 and dlon == 0):
                continue
            dk = key(dname)
            home = [x for x in districts if x["shape"] is not None and x["shape"].contains(dlat, dlon)]
            match = None
            for x in home + [x for x in districts if x["admin1"] == p_code]:
                keys = {key(n) for n in x["names"]}
                if dk in keys or any(
                    difflib.SequenceMatcher(None, dk, k).ratio() >= 0.75 for k in keys
                ):
                    match = x
                    break
            if match is not None:
                match["names"].append(dname)
                # The source lists districts under their province, which is
                # more reliable than testing a centroid against the coarse
                # (Wikimedia-drawn) province polygons.
                if p_code:
                    match["admin1"] = p_code
                if not match["pad_point"] and match in home:
                    # The source's district point is the district centre
                    # (usually its seat), better than a polygon centroid.
                    match["lat"], match["lon"], match["pad_point"] = dlat, dlon, True
            else:
                prov = af_province_at(dlat, dlon, p_code)
                districts.append({"admin1": prov, "name": dname, "lat": dlat, "lon": dlon,
                                  "names": [dname], "shape": None, "pad_point": True})
    for iso, dname, dlat, dlon, dalts in AF_NEW_DISTRICTS:
        code = af_code_of_iso[iso]
        if not any(d["admin1"] == code and key(dname) in {key(n) for n in d["names"]}
                   for d in districts):
            districts.append({"admin1": code, "name": dname, "lat": dlat, "lon": dlon,
                              "names": [dname] + dalts, "shape": None, "pad_point": True})
    for iso, table in AF_DISTRICT_ALIASES.items():
        code = af_code_of_iso[iso]
        for dname, dalts in table.items():
            hits = [d for d in districts if d["admin1"] == code and d["name"] == dname]
            if not hits:
                raise SystemExit(f"AF_DISTRICT_ALIASES: no district {dname!r} in {iso}")
            for d in hits:
                d["names"] += dalts
    districts.sort(key=lambda d: (d["admin1"], key(d["name"]), d["lat"], d["lon"]))
    seq: dict[str, int] = {}
    for d in districts:
        seq[d["admin1"]] = seq.get(d["admin1"], 0) + 1
        d["code"] = f"{d['admin1']}.d{seq[d['admin1']]:02d}"
    district_by_shape = {id(d["shape"]): d for d in districts if d["shape"] is not None}
    district_by_key: dict[tuple[str, str], dict] = {}
    for d in districts:
        for n in d["names"]:
            district_by_key.setdefault((d["admin1"], key(n)), d)

    def af_district_at(lat: float, lon: float) -> dict | None:
        s = locate(adm2_shapes, lat, lon)
        return district_by_shape.get(id(s)) if s is not None else None

    # -- Populated places ---------------------------------------------------
    places = []  # dicts: geonameid admin1 admin2 name lat lon population names
    a1_codes = {a["code"] for a in admin1}
    for c in city_list:
        cc = c["countrycode"]
        if cc in OBSOLETE_COUNTRIES:
            continue
        a1 = f"{cc}.{c['admin1code']}" if c.get("admin1code") else ""
        if a1 not in a1_codes:
            a1 = ""
        a2 = ""
        lat, lon = float(c["latitude"]), float(c["longitude"])
        if cc == "AF":
            # The AIMS district polygons are finer than the province ones:
            # a place takes its district's province when it falls in one.
            d = af_district_at(lat, lon)
            if d is not None:
                a1, a2 = d["admin1"], d["code"]
            else:
                a1 = af_province_at(lat, lon, a1 or None) or ""
        name = display_name(c["name"])
        # Afghan places keep every Latin spelling: their names are in flux
        # (Chaghcharan/Firozkoh) and are what sitrep is tuned on first.
        alts = pick_alternates(name, [c["name"]] + c.get("alternatenames", []), c["population"],
                               generous=cc == "AF")
        places.append({"geonameid": c["geonameid"], "cc": cc, "admin1": a1, "admin2": a2,
                       "name": name, "lat": lat, "lon": lon,
                       "population": int(c["population"] or 0), "names": alts})

    # Afghan villages, minus those GeoNames already has nearby.
    af_seen: dict[str, list[tuple[float, float]]] = {}
    for p in places:
        if p["cc"] == "AF":
            for n in [p["name"]] + p["names"]:
                af_seen.setdefault(key(n), []).append((p["lat"], p["lon"]))
    for v in sorted(villages, key=lambda v: (v["No"], v["Village Name"])):
        vname = clean_field(v["Village Name"])
        # "A'la Ghori (2)" numbers homonyms; "Ab Dokan (Aw Dokan)" gives a
        # second spelling.
        vname = re.sub(r"\s*\(\d+\)\s*$", "", vname)
        valts = []
        m = re.match(r"^(.*?)\s*\((.*)\)\s*$", vname)
        if m:
            vname, valts = m.group(1).strip(), [m.group(2).strip()]
        if len(vname) < 2 or not is_latin(vname):
            continue
        # The source writes some names in lower case ("orup").
        if vname[0].islower():
            vname = vname[0].upper() + vname[1:]
        lat, lon = float(v["Latitude"]), float(v["Longitude"])
        k = key(vname)
        if any(abs(lat - a) < 0.05 and abs(lon - b) < 0.05 for a, b in af_seen.get(k, [])):
            continue
        af_seen.setdefault(k, []).append((lat, lon))
        # The village list names its province; trust it over the polygons.
        field_prov = af_key_to_code.get(key(v["Province"]))
        a1 = field_prov or af_province_at(lat, lon, None) or ""
        d = af_district_at(lat, lon)
        if d is None or d["admin1"] != a1:
            dname = re.sub(r"\s*\(.*\)\s*$", "", v["District"])
            d = district_by_key.get((a1, key(v["District"]))) or district_by_key.get((a1, key(dname)))
        places.append({"geonameid": 0, "cc": "AF", "admin1": a1, "admin2": d["code"] if d else "",
                       "name": vname, "lat": lat, "lon": lon, "population": 0, "names": valts})

    # Hand-written supplement (district centres, border crossings, camps):
    # spellings of places GeoNames has, or new places.
    merged = added = 0
    by_cc: dict[str, list[dict]] = {}
    for p in places:
        by_cc.setdefault(p["cc"], []).append(p)
    a1_codes_known = {a["code"] for a in admin1}
    for line in (repo / "data" / "gazetteer" / "supplement.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) != 6:
            raise SystemExit(f"supplement.tsv: expected 6 columns: {line!r}")
        a1, sname, slat, slon, salts, _ = f
        cc = a1.split(".")[0]
        if a1 not in a1_codes_known:
            raise SystemExit(f"supplement.tsv: unknown admin1 {a1!r}")
        lat, lon = float(slat), float(slon)
        names = [sname] + [n for n in salts.split("|") if n]
        keys = [strip_article(key(n)) for n in names]
        same = None
        for p in by_cc.get(cc, []):
            if abs(p["lat"] - lat) > 0.03 or abs(p["lon"] - lon) > 0.03:
                continue
            pkeys = [strip_article(key(n)) for n in [p["name"]] + p["names"]]
            if any(difflib.SequenceMatcher(None, a, b).ratio() >= 0.6 for a in keys for b in pkeys):
                same = p
                break
        if same is not None:
            same["names"] += [n for n in names if key(n) not in {key(x) for x in [same["name"]] + same["names"]}]
            merged += 1
            continue
        a2 = ""
        if cc == "AF":
            d = af_district_at(lat, lon)
            if d is not None:
                a1, a2 = d["admin1"], d["code"]
        p = {"geonameid": 0, "cc": cc, "admin1": a1, "admin2": a2, "name": sname, "lat": lat,
             "lon": lon, "population": 0, "names": names[1:]}
        places.append(p)
        by_cc.setdefault(cc, []).append(p)
        added += 1
    print(f"supplement: {added} places added, {merged} merged into GeoNames places")

    # -- Countries ------------------------------------------------------------
    by_country_pop: dict[str, list[dict]] = {}
    for p in places:
        by_country_pop.setdefault(p["cc"], []).append(p)
    for lst in by_country_pop.values():
        lst.sort(key=lambda p: (-p["population"], p["geonameid"]))

    country_rows = []
    for iso2 in sorted(countries):
        if iso2 in OBSOLETE_COUNTRIES:
            continue
        c = countries[iso2]
        if iso2 not in ACLED_REGION:
            raise SystemExit(f"no ACLED region for {iso2}")
        cap_name = CAPITAL_OVERRIDE.get(iso2, c.get("capital") or "").strip()
        cands = by_country_pop.get(iso2, [])
        capital = None
        if cap_name:
            ck = key(cap_name)
            capital = next((p for p in cands if ck == key(p["name"]) or ck in {key(n) for n in p["names"]}), None)
        if capital is None and cands:
            capital = cands[0]
        lat, lon = (capital["lat"], capital["lon"]) if capital else (0.0, 0.0)
        name = COUNTRY_NAME.get(iso2, c["name"])
        variants = [c["name"]] + COUNTRY_VARIANTS.get(iso2, []) + HISTORICAL_NAMES.get(iso2, [])
        if name.startswith("The "):
            variants.append(name[4:])
        country_rows.append([
            iso2, c["iso3"], str(c["isonumeric"]), name, ACLED_REGION[iso2],
            fmt_coord(lat), fmt_coord(lon), str(c.get("population") or 0), str(c["geonameid"]),
            join_names(name, variants, reserved=False),
        ])
    country_set = {r[0] for r in country_rows}

    # -- First-level divisions ---------------------------------------------
    pop_by_a1: dict[str, int] = {}
    top_by_a1: dict[str, dict] = {}
    for p in places:
        if p["admin1"]:
            pop_by_a1[p["admin1"]] = pop_by_a1.get(p["admin1"], 0) + p["population"]
            t = top_by_a1.get(p["admin1"])
            if t is None or p["population"] > t["population"]:
                top_by_a1[p["admin1"]] = p
    af_centroid = {s.code: s.centroid() for s in adm1_shapes if s.code}
    af_area = {s.code: s.area() for s in adm1_shapes if s.code}
    country_point = {r[0]: (float(r[5]), float(r[6])) for r in country_rows}
    points_by_a1: dict[str, list[tuple[float, float]]] = {}
    for p in places:
        if p["admin1"]:
            points_by_a1.setdefault(p["admin1"], []).append((p["lat"], p["lon"]))
    # Each division's (area, lat, lon, box), from its outline where the
    # sources have one (Afghanistan), else from its places.
    a1_shape: dict[str, tuple[float, float, float, tuple]] = {}
    territory = territory_centroids(
        places, {c["iso"]: float(c.get("areakm2") or 0) for c in countries.values()})
    admin1_rows = []
    for a in sorted(admin1, key=lambda a: a["code"]):
        code = a["code"]
        cc = code.split(".")[0]
        if cc not in country_set:
            continue
        raw = a["name"]
        if cc == "AF":
            iso = next(i for i, c in af_code_of_iso.items() if c == code)
            name = ACLED_AF_PROVINCE[iso]
            extra = [raw] + af_names.get(code, [])
        else:
            name = display_name(raw)
            extra = [raw]
        extra += EXTRA_ADMIN1_ALIASES.get(code, [])
        aliases = []
        for n in [name] + extra:
            aliases.append(n)
            aliases += strip_division_words(n)
        # The canonical name itself may carry a division word ("Damascus
        # Governorate"); keep it as is, as GeoNames and ACLED both do.
        top = top_by_a1.get(code)
        if cc == "AF":
            ck = key(AF_PROVINCE_CAPITAL[iso])
            capital = [p for p in places if p["admin1"] == code
                       and ck in {key(n) for n in [p["name"]] + p["names"]}]
            # Kapisa's capital is in no place list, only as its district.
            capital += [{"lat": d["lat"], "lon": d["lon"], "population": 0, "geonameid": 0}
                        for d in districts if d["admin1"] == code
                        and ck in {key(n) for n in d["names"]}]
            if capital:
                top = max(capital, key=lambda p: (p["population"], -p["geonameid"]))
            else:
                print(f"warning: capital of {name} not found", file=sys.stderr)
        if top is not None and (top["population"] > 0 or cc == "AF"):
            lat, lon = top["lat"], top["lon"]
        elif code in af_centroid:
            lat, lon = af_centroid[code]
        elif top is not None:
            lat, lon = top["lat"], top["lon"]
        else:
            lat, lon = country_point[cc]
        pts = points_by_a1.get(code, [])
        if code in af_centroid:
            clat, clon = af_centroid[code]
            box = places_centroid(pts)[3] if pts else (clat, clon, clat, clon)
            a1_shape[code] = (af_area[code], clat, clon, box)
        elif code in territory:
            clat, clon = territory[code]
        elif pts:
            a1_shape[code] = places_centroid(pts)
            clat, clon = a1_shape[code][1], a1_shape[code][2]
        else:
            clat, clon = lat, lon
        admin1_rows.append([code, cc, name, fmt_coord(lat), fmt_coord(lon),
                            fmt_coord(clat), fmt_coord(clon),
                            str(pop_by_a1.get(code, 0)), join_names(name, aliases),
                            "|".join(ABBREVIATIONS.get(code, []))])
    admin1_set = {r[0] for r in admin1_rows}
    admin1_centroid = {r[0]: (float(r[5]), float(r[6])) for r in admin1_rows}
    # Countries: Afghanistan from its provinces' outlines weighted by area,
    # the others from their territories, else from the hull of their
    # places, else the capital.
    units_by_cc: dict[str, list] = {}
    for code, shape in sorted(a1_shape.items()):
        units_by_cc.setdefault(code.split(".")[0], []).append(shape)
    points_by_cc: dict[str, list[tuple[float, float]]] = {}
    for p in places:
        points_by_cc.setdefault(p["cc"], []).append((p["lat"], p["lon"]))
    for r in country_rows:
        # Afghanistan's provinces have outlines; elsewhere the territory
        # grown from the country's places.
        c = country_centroid(units_by_cc.get(r[0], [])) if r[0] == "AF" else territory.get(r[0])
        if c is None and points_by_cc.get(r[0]):
            _, clat, clon, _ = places_centroid(points_by_cc[r[0]])
            c = (clat, clon)
        clat, clon = c if c is not None else (float(r[5]), float(r[6]))
        r[7:7] = [fmt_coord(clat), fmt_coord(clon)]

    # -- Second-level divisions --------------------------------------------
    by_a1_key: dict[tuple[str, str], dict] = {}
    for p in places:
        if p["admin1"]:
            for n in [p["name"]] + p["names"][:3]:
                k = (p["admin1"], key(n))
                t = by_a1_key.get(k)
                if t is None or p["population"] > t["population"]:
                    by_a1_key[k] = p
    admin2_rows = []
    for a in sorted(admin2, key=lambda a: a["code"]):
        parts = a["code"].split(".")
        if len(parts) != 3 or parts[0] == "AF" or parts[0] not in country_set:
            continue
        a1 = f"{parts[0]}.{parts[1]}"
        if a1 not in admin1_set:
            continue
        raw = a["name"]
        name = display_name(raw)
        aliases = [raw] + strip_division_words(raw)
        # A district usually takes its seat's name: use the seat as the
        # representative point, else the province's.
        seat = None
        for n in [name] + aliases:
            seat = by_a1_key.get((a1, key(n)))
            if seat is not None:
                break
        if seat is not None:
            lat, lon, pop = seat["lat"], seat["lon"], seat["population"]
        else:
            # Without a seat the province's centroid is the best guess of
            # where the district lies.
            (lat, lon), pop = admin1_centroid[a1], 0
        admin2_rows.append([a["code"], a1, name, fmt_coord(lat), fmt_coord(lon), str(pop),
                            join_names(name, aliases)])
    for d in districts:
        if d["admin1"] not in admin1_set:
            continue
        aliases = []
        for n in d["names"]:
            aliases.append(n)
            aliases += strip_division_words(n)
        admin2_rows.append([d["code"], d["admin1"], d["name"], fmt_coord(d["lat"]),
                            fmt_coord(d["lon"]), "0", join_names(d["name"], aliases)])
    admin2_rows.sort(key=lambda r: r[0])

    place_rows = []
    for p in sorted(places, key=lambda p: (p["cc"], p["admin1"], key(p["name"]), p["geonameid"], p["lat"], p["lon"])):
        place_rows.append([str(p["geonameid"]) if p["geonameid"] else "", p["admin1"] or p["cc"],
                           p["admin2"], clean_field(p["name"]), fmt_coord(p["lat"]),
                           fmt_coord(p["lon"]), str(p["population"]),
                           join_names(p["name"], p["names"])])

    write_tsv(out_dir / "countries.tsv",
              "#iso2\tiso3\tnumeric\tname\tregion\tlat\tlon\tclat\tclon\tpopulation\tgeonameid\tnames",
              country_rows, gz=False)
    write_tsv(out_dir / "admin1.tsv",
              "#code\tcountry\tname\tlat\tlon\tclat\tclon\tpopulation\tnames\tabbreviations",
              admin1_rows, gz=False, lists=2)
    write_tsv(out_dir / "admin2.tsv.gz", "#code\tadmin1\tname\tlat\tlon\tpopulation\tnames",
              admin2_rows, gz=True)
    # A place's admin1 column holds the bare country code when GeoNames gives
    # no (known) first-level division.
    write_tsv(out_dir / "places.tsv.gz",
              "#geonameid\tadmin1\tadmin2\tname\tlat\tlon\tpopulation\tnames",
              place_rows, gz=True)
    n_alt = sum(len(p["names"]) for p in places)
    print(f"countries {len(country_rows)}, admin1 {len(admin1_rows)}, admin2 {len(admin2_rows)}, "
          f"places {len(place_rows)} (alternate names kept: {n_alt})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
