"""Generate a deterministic corpus of realistic Dutch news articles for benchmarks.

    python bench/generate.py --n 2000 --out /tmp/site2000 [--seed 7] [--md-share 0.5]

Writes a complete site folder: ``sitegen.toml``, ``seeds/*.txt`` (seed format),
``content/<section>/*.md`` (Markdown with YAML front matter) and a small knowledge file
``content/entities.toml``. The same ``--n`` and ``--seed`` always give the same bytes.

Articles are ~500 words, written from Dutch sentence templates in this file (no copied
text). A fixed cast recurs across the corpus: ~2,000 people, a few hundred organisations
and ~200 countries (names from the project's own gazetteer, with a built-in fallback),
with Zipf-like popularity so a few actors appear in thousands of articles and most in a
handful. Dates span ten years, a quarter of them with month precision only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2015, 2024
N_PEOPLE = 2000
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

# --------------------------------------------------------------------------------------
# Name pools per naming style (invented combinations; the parts are ordinary names).
# --------------------------------------------------------------------------------------
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "nl": (("Jan", "Pieter", "Sanne", "Femke", "Mark", "Lieke", "Bas", "Marloes", "Joost", "Esther",
            "Ruud", "Annemiek", "Thijs", "Ingrid", "Wouter", "Eline", "Koen", "Marieke", "Sjoerd", "Hanneke",
            "Geert", "Fleur", "Maarten", "Carola", "Dirk", "Noor", "Hidde", "Willemijn", "Stijn", "Anouk"),
           ("de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
            "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
            "Dijkstra", "Smits", "de Graaf", "van der Meer", "van den Berg", "Kok", "Jacobs", "Vermeulen",
            "Schouten", "Willems", "van Beek", "Hoekstra", "Kuipers", "Postma", "Veenstra", "Timmermans",
            "Koster", "Prins", "Huisman", "Verhoeven", "Gerritsen", "Zwart")),
    "en": (("James", "Sarah", "Michael", "Emily", "David", "Laura", "Robert", "Hannah", "Thomas", "Grace",
            "Daniel", "Olivia", "Andrew", "Rachel", "Stephen", "Claire", "Patrick", "Megan", "Simon", "Alice"),
           ("Walker", "Harrison", "Bennett", "Turner", "Collins", "Hughes", "Foster", "Marshall", "Palmer",
            "Reynolds", "Fletcher", "Chapman", "Holloway", "Whitaker", "Bradley", "Sutton", "Graham",
            "Lawrence", "Mitchell", "Porter", "Caldwell", "Sheridan", "Donovan", "Prescott")),
    "fr": (("Jean", "Marie", "Pierre", "Camille", "Louis", "Claire", "Antoine", "Sophie", "Luc", "Isabelle",
            "Étienne", "Céline", "Mathieu", "Amélie", "Olivier", "Nathalie", "Julien", "Élodie"),
           ("Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Rousseau", "Fontaine", "Chevalier",
            "Garnier", "Faure", "Mercier", "Blanchard", "Gauthier", "Perrin", "Marchand", "Delacroix",
            "Lemaire", "Duval", "Picard", "Renaud")),
    "de": (("Klaus", "Anna", "Stefan", "Katrin", "Jürgen", "Heike", "Matthias", "Sabine", "Tobias", "Ulrike",
            "Florian", "Birgit", "Andreas", "Monika", "Lukas", "Franziska"),
           ("Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Richter",
            "Wolf", "Neumann", "Schwarz", "Zimmermann", "Krüger", "Hartmann", "Lange", "Brandt", "Vogel",
            "Keller", "Lehmann")),
    "es": (("Carlos", "María", "José", "Lucía", "Javier", "Carmen", "Miguel", "Elena", "Alejandro", "Paula",
            "Diego", "Valentina", "Andrés", "Gabriela", "Fernando", "Isabel", "Rafael", "Camila"),
           ("García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ramírez", "Torres",
            "Flores", "Rivera", "Morales", "Ortega", "Castillo", "Vargas", "Herrera", "Mendoza", "Rojas",
            "Guerrero", "Navarro")),
    "it": (("Marco", "Giulia", "Luca", "Francesca", "Matteo", "Chiara", "Alessandro", "Sara", "Davide",
            "Elisa", "Paolo", "Martina"),
           ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
            "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Lombardi")),
    "slav": (("Andrej", "Olga", "Sergej", "Natalja", "Dmitri", "Irina", "Aleksej", "Tatjana", "Pavel",
              "Jelena", "Oleksandr", "Katerina", "Piotr", "Agnieszka", "Tomasz", "Marta", "Viktor", "Anastasia"),
             ("Ivanov", "Petrov", "Smirnov", "Volkov", "Sokolov", "Lebedev", "Morozov", "Novikov", "Kozlov",
              "Pavlenko", "Kovalenko", "Bondarenko", "Tkachenko", "Shevtsjoek", "Kowalski", "Nowak",
              "Wiśniewski", "Zieliński", "Dvořák", "Horvat", "Popescu", "Dimitrov", "Jovanović", "Kuznetsov")),
    "ar": (("Ahmed", "Fatima", "Mohammed", "Layla", "Omar", "Yasmin", "Hassan", "Nour", "Khalid", "Amira",
            "Youssef", "Salma", "Karim", "Rania", "Tariq", "Huda"),
           ("Al-Masri", "Haddad", "Khoury", "Mansour", "Nasser", "Saleh", "Hamdan", "Farouk", "El-Amin",
            "Aziz", "Rahman", "Qasim", "Barakat", "Darwish", "Hijazi", "Said", "Bakri", "Othman")),
    "tr": (("Mehmet", "Ayşe", "Mustafa", "Elif", "Emre", "Zeynep", "Nurlan", "Aigerim", "Timur", "Dinara",
            "Rustam", "Gulnara", "Arman", "Saltanat"),
           ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Nurpeisov",
            "Abenov", "Saparov", "Ismailov", "Karimov", "Alijev", "Sultanov", "Bekmuratov")),
    "af": (("Kwame", "Amara", "Chidi", "Ngozi", "Tendai", "Zanele", "Kofi", "Abena", "Samuel", "Grace",
            "Moussa", "Aminata", "Jabari", "Wanjiru", "Thabo", "Nomvula"),
           ("Mensah", "Okafor", "Adeyemi", "Mwangi", "Otieno", "Dlamini", "Nkosi", "Traoré", "Diallo",
            "Keita", "Banda", "Phiri", "Kamara", "Osei", "Boateng", "Ndlovu", "Achebe", "Kimani")),
    "as": (("Wei", "Mei", "Hiroshi", "Yuki", "Min-jun", "Ji-woo", "Arjun", "Priya", "Rahul", "Ananya",
            "Nguyen", "Linh", "Budi", "Siti", "Kenji", "Aiko"),
           ("Wang", "Li", "Zhang", "Chen", "Liu", "Tanaka", "Suzuki", "Watanabe", "Kim", "Park", "Lee",
            "Sharma", "Patel", "Singh", "Gupta", "Tran", "Pham", "Santoso", "Wijaya", "Nakamura")),
}
STYLE_OF_REGION = {"EU": ("nl", "en", "fr", "de", "es", "it", "slav"), "AS": ("as", "ar", "tr", "slav"),
                   "AF": ("af", "ar", "fr"), "NA": ("en", "es"), "SA": ("es",), "OC": ("en",), "AN": ("en",)}
STYLE_OF_COUNTRY = {"NL": ("nl",), "BE": ("nl", "fr"), "GB": ("en",), "US": ("en",), "IE": ("en",),
                    "FR": ("fr",), "DE": ("de",), "AT": ("de",), "CH": ("de", "fr"), "ES": ("es",),
                    "IT": ("it",), "RU": ("slav",), "UA": ("slav",), "PL": ("slav",), "TR": ("tr",),
                    "KZ": ("tr", "slav"), "CN": ("as",), "JP": ("as",), "IN": ("as",), "BR": ("es",),
                    "MX": ("es",), "AR": ("es",), "EG": ("ar",), "SA": ("ar",), "MA": ("ar", "fr")}

# Countries that dominate Dutch foreign news, and a small fallback when the gazetteer is absent.
BIG_COUNTRIES = ("NL", "BE", "DE", "FR", "GB", "US", "RU", "UA", "CN", "TR", "IT", "ES", "PL", "IL",
                 "PS", "IR", "IN", "JP", "BR", "ZA", "KZ", "AM", "AZ", "EG", "SY", "AF", "MX", "CA")
FALLBACK_COUNTRIES = {
    "NL": ("Nederland", "Nederlandse", "EU", ("Amsterdam", "Rotterdam", "Utrecht", "Den Haag")),
    "BE": ("België", "Belgische", "EU", ("Brussel", "Antwerpen", "Gent")),
    "DE": ("Duitsland", "Duitse", "EU", ("Berlijn", "Hamburg", "München")),
    "FR": ("Frankrijk", "Franse", "EU", ("Parijs", "Lyon", "Marseille")),
    "GB": ("Verenigd Koninkrijk", "Britse", "EU", ("Londen", "Manchester")),
    "US": ("Verenigde Staten", "Amerikaanse", "NA", ("Washington", "New York", "Chicago")),
    "RU": ("Rusland", "Russische", "EU", ("Moskou", "Sint-Petersburg")),
    "UA": ("Oekraïne", "Oekraïense", "EU", ("Kyiv", "Odesa", "Charkiv")),
    "CN": ("China", "Chinese", "AS", ("Peking", "Shanghai")),
    "TR": ("Turkije", "Turkse", "AS", ("Ankara", "Istanbul")),
}

SECTIONS = ("nieuws", "buitenland", "economie", "sport", "cultuur", "analyse")


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    adjective: str  # "Franse"; "" when unknown
    region: str
    cities: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    country: str
    role: str  # "minister van Financiën", without article
    domain: str  # politiek, economie, sport, cultuur

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def short(self) -> str:
        last = self.last
        return last[0].upper() + last[1:]  # "van Dijk" -> "Van Dijk" at any position is fine Dutch


# --------------------------------------------------------------------------------------
# Countries from the project's gazetteer (names are data, not text), else the fallback.
# --------------------------------------------------------------------------------------
def load_countries() -> list[Country]:
    path = Path(__file__).resolve().parents[1] / "sitegen" / "geo" / "data" / "gazetteer_nl.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [Country(c, n, a, r, cs) for c, (n, a, r, cs) in sorted(FALLBACK_COUNTRIES.items())]
    names = {code: name for code, (name, _region) in data["countries"].items()}
    adjectives: dict[str, str] = dict(ADJECTIVES)
    scores: dict[str, tuple[int, int]] = {}
    cities: dict[str, list[str]] = {}
    for surface, code, kind, canonical in data["entries"]:
        if kind == "nationality" and surface.endswith("se") and " " not in surface and surface[0].isupper():
            if code in ADJECTIVES:
                continue
            score = (_common_prefix(surface, names.get(code, "")), -len(surface))
            if score[0] >= 3 and (code not in scores or score > scores[code]):
                scores[code] = score
                adjectives[code] = surface
        elif (kind == "place" and surface == canonical and not any(ch.isdigit() for ch in surface)
              and len(surface) <= 16 and "-" not in surface[:2]):
            cities.setdefault(code, []).append(surface)
    out = []
    for code, (name, region) in sorted(data["countries"].items()):
        if region == "AN" or len(name) > 24 or (code not in adjectives and len(cities.get(code, ())) < 3):
            continue  # uninhabited or tiny territories rarely make the news
        pool = sorted(set(cities.get(code, [])))
        picked = tuple(sorted(random.Random(code).sample(pool, min(12, len(pool)))))
        out.append(Country(code, _with_article(name), adjectives.get(code, ""), region, picked))
    return out


ADJECTIVES = {"NL": "Nederlandse", "US": "Amerikaanse", "GB": "Britse", "DE": "Duitse", "BE": "Belgische",
              "FR": "Franse", "RU": "Russische", "UA": "Oekraïense", "CN": "Chinese", "TR": "Turkse"}


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.lower(), b.lower()):
        if x != y:
            break
        n += 1
    return n


def _with_article(name: str) -> str:
    """Dutch puts 'de' before some country names ("de Verenigde Staten", "de Filipijnen")."""
    plural = name.startswith("Verenigd") or name.endswith(("Republiek", "eilanden", "’s", "Filipijnen",
                                                             "Malediven", "Seychellen", "Comoren"))
    return f"de {name}" if plural else name


# --------------------------------------------------------------------------------------
# Organisations: international, Dutch institutions, and invented companies and clubs.
# --------------------------------------------------------------------------------------
INTERNATIONAL_ORGS = (
    "de NAVO", "de Verenigde Naties", "de Europese Unie", "de Europese Commissie", "het Europees Parlement",
    "het IMF", "de Wereldbank", "de WHO", "de OPEC", "het Rode Kruis", "Amnesty International",
    "Greenpeace", "de UEFA", "de FIFA", "het IOC", "de OVSE", "de Raad van Europa", "de Afrikaanse Unie",
    "de Europese Centrale Bank", "het Internationaal Strafhof", "Artsen zonder Grenzen", "de OESO",
    "de Wereldhandelsorganisatie", "UNICEF", "de Veiligheidsraad",
)
DUTCH_ORGS = (
    "de Tweede Kamer", "de Eerste Kamer", "De Nederlandsche Bank", "het CBS", "het RIVM", "de Raad van State",
    "het Centraal Planbureau", "de Belastingdienst", "Rijkswaterstaat", "de Nationale Politie", "het KNMI",
    "de Autoriteit Consument en Markt", "het Openbaar Ministerie", "de Onderwijsinspectie", "ProRail",
    "de KNVB", "NOC*NSF", "de FNV", "VNO-NCW", "de Consumentenbond",
)
COMPANY_HEADS = ("Noordlicht", "Delta", "Polder", "Kronos", "Vesta", "Atlas", "Meridiaan", "Horizon", "Zeeland",
                 "Orion", "Lumen", "Nova", "Brabant", "Helix", "Aurora", "Castor", "Duin", "Vector", "Merwede",
                 "Kempen", "Altena", "Fenix", "Boreas", "Linde")
COMPANY_TAILS = ("Energie", "Logistiek", "Bouw", "Pharma", "Bank", "Verzekeringen", "Telecom", "Staal", "Media",
                 "Chemie", "Groep", "Holding", "Technologies", "Foods", "Airlines", "Scheepvaart")
CLUB_HEADS = ("FC", "SC", "VV", "Sporting", "Racing")


def make_orgs(rng: random.Random, countries: list[Country]) -> list[str]:
    orgs = list(INTERNATIONAL_ORGS) + list(DUTCH_ORGS)
    seen = set(orgs)
    while len(orgs) < 260:
        kind = rng.random()
        if kind < 0.55:
            name = f"{rng.choice(COMPANY_HEADS)} {rng.choice(COMPANY_TAILS)}"
            if rng.random() < 0.3:
                name += " NV"
        elif kind < 0.8:
            c = rng.choice(countries)
            if not c.cities:
                continue
            name = f"{rng.choice(CLUB_HEADS)} {rng.choice(c.cities)}"
        else:
            c = rng.choice(countries)
            if not c.cities:
                continue
            name = f"de Universiteit van {rng.choice(c.cities)}"
        if name not in seen:
            seen.add(name)
            orgs.append(name)
    return orgs


ROLES = {
    "politiek": ("minister van Financiën", "minister van Buitenlandse Zaken", "minister van Defensie",
                 "minister van Economische Zaken", "minister van Volksgezondheid", "premier", "president",
                 "vicepremier", "oppositieleider", "parlementsvoorzitter", "ambassadeur", "staatssecretaris",
                 "fractievoorzitter", "minister van Landbouw", "minister van Justitie", "burgemeester",
                 "vakbondsleider", "activist"),
    "economie": ("topman", "topvrouw", "econoom", "bestuursvoorzitter", "directeur", "analist",
                 "hoogleraar economie", "bankier", "ondernemer"),
    "sport": ("trainer", "aanvoerder", "spits", "keeper", "wielrenner", "tennisser", "schaatser",
              "middenvelder", "bondscoach", "zwemster"),
    "cultuur": ("schrijver", "regisseur", "zangeres", "acteur", "schilder", "dichter", "componist",
                "museumdirecteur", "fotograaf"),
}
DOMAIN_OF_KIND = {"politiek": "politiek", "buitenland": "politiek", "economie": "economie", "sport": "sport",
                  "cultuur": "cultuur"}
DOMAIN_SHARE = {"politiek": 0.5, "economie": 0.2, "sport": 0.18, "cultuur": 0.12}


def make_people(rng: random.Random, countries: list[Country], n: int) -> list[Person]:
    weights = [8.0 if c.code in BIG_COUNTRIES else 1.0 for c in countries]
    for i, c in enumerate(countries):
        if c.code == "NL":
            weights[i] = 60.0
    people: list[Person] = []
    seen: set[str] = set()
    attempts = 0
    while len(people) < n and attempts < n * 50:
        attempts += 1
        c = rng.choices(countries, weights)[0]
        styles = STYLE_OF_COUNTRY.get(c.code) or STYLE_OF_REGION.get(c.region, ("en",))
        firsts, lasts = NAMES[rng.choice(styles)]
        first, last = rng.choice(firsts), rng.choice(lasts)
        if f"{first} {last}" in seen:
            continue
        seen.add(f"{first} {last}")
        domain = rng.choices(list(DOMAIN_SHARE), list(DOMAIN_SHARE.values()))[0]
        people.append(Person(first, last, c.code, rng.choice(ROLES[domain]), domain))
    return people


# --------------------------------------------------------------------------------------
# Sentence templates. Slots: {P} person with role on first mention, surname later; {P2}
# a second person; {O} {O2} organisations; {C} {C2} countries; {A} nationality adjective
# of C; {CITY} a city of C; {DAY} a weekday; {N} a number; {PCT} a percentage; {MONTH}.
# --------------------------------------------------------------------------------------
LEADS = {
    "politiek": (
        "{P} heeft {DAY} aangekondigd dat het kabinet in {C} de komende maanden fors gaat bezuinigen op {TOPIC}.",
        "In {CITY} is {DAY} een langdurige crisis in de regering van {C} ten einde gekomen, nadat {P} een akkoord sloot met {P2}.",
        "{P} ligt onder vuur nadat uitlekte dat {O} al maanden op de hoogte was van problemen rond {TOPIC}.",
        "Het parlement van {C} heeft {DAY} ingestemd met een omstreden wet over {TOPIC}, ondanks felle kritiek van {P}.",
    ),
    "buitenland": (
        "{P} is {DAY} in {CITY} aangekomen voor gesprekken over de spanningen tussen {C} en {C2}.",
        "De betrekkingen tussen {C} en {C2} zijn verder verslechterd nadat {P} de ambassadeur van {C2} liet ontbieden.",
        "Bij hevige gevechten in het grensgebied tussen {C} en {C2} zijn volgens {O} tientallen doden gevallen.",
        "{P} heeft {DAY} een bezoek gebracht aan {C2}, het eerste van een regeringsleider uit {C} in bijna tien jaar.",
    ),
    "economie": (
        "{O} heeft {DAY} laten weten dat de winst over het afgelopen kwartaal met {PCT} procent is gedaald.",
        "De economie van {C} is in het derde kwartaal harder gegroeid dan verwacht, meldt {O}.",
        "{P} waarschuwt dat de stijgende prijzen voor {TOPIC} huishoudens in {C} steeds harder raken.",
        "{O} en {O2} gaan samen verder: de twee bedrijven maakten {DAY} een fusie bekend van ruim {N} miljard euro.",
    ),
    "sport": (
        "{O} heeft {DAY} in {CITY} met {SCORE} gewonnen van {O2}, dankzij twee doelpunten van {P}.",
        "{P} heeft in {CITY} de titel gepakt na een spannende finale tegen {P2}.",
        "{O} heeft {P} aangesteld als nieuwe trainer, als opvolger van de ontslagen {P2}.",
        "Voor {P} zit het seizoen erop: de {A} international raakte {DAY} zwaar geblesseerd in {CITY}.",
    ),
    "cultuur": (
        "De nieuwe roman van {P} is binnen een week de bestverkochte titel van {C} geworden.",
        "Het museum in {CITY} heeft {DAY} een groot overzicht geopend van het werk van {P}.",
        "{P} heeft {DAY} in {CITY} de belangrijkste prijs van het filmfestival in ontvangst genomen.",
        "Na jaren van stilte brengt {P} een nieuw album uit, opgenomen in een studio in {CITY}.",
    ),
}
TOPICS = ("de zorg", "het onderwijs", "defensie", "energie", "de woningbouw", "het openbaar vervoer",
          "de landbouw", "migratie", "de pensioenen", "klimaatbeleid", "de belastingen", "voedsel",
          "brandstof", "de huren", "de kinderopvang", "cultuur")

BODY = {
    "politiek": (
        "Volgens {P} is er geen andere keus: {QUOTE}",
        "De oppositie reageerde furieus. {P2} sprak van ‘een zwarte dag voor {C}’.",
        "{O} noemde de plannen {DAY} onuitvoerbaar en vroeg om uitstel tot na de zomer.",
        "In peilingen staat de partij van {P} er slecht voor: slechts {PCT} procent van de kiezers is tevreden.",
        "Het is niet de eerste keer dat {P} onder druk staat.",
        "Eerder dit jaar moest {P} al door het stof na kritiek van {O}.",
        "De coalitie heeft in de Kamer een meerderheid van slechts {SMALL} zetels.",
        "Critici wijzen erop dat de kosten van de plannen voor {TOPIC} nog altijd niet zijn doorgerekend.",
        "{P2} liet weten dat het laatste woord hierover nog niet is gesproken.",
        "De regering wil het wetsvoorstel nog voor {MONTH} naar het parlement sturen.",
        "Binnen de eigen partij groeit de onvrede over de koers van {P}.",
        "Een woordvoerder van {O} wilde niet ingaan op vragen over de gang van zaken.",
        "Het kabinet van {C} wil de maatregelen uiterlijk in {MONTH} laten ingaan.",
        "{P} verdedigde de plannen {DAY} in een debat dat tot diep in de nacht duurde.",
        "Volgens een peiling van {O} steunt een kleine meerderheid van de bevolking het voorstel.",
        "Burgemeesters uit de regio rond {CITY} hebben hun zorgen in een brief aan het kabinet gezet.",
        "{P2} diende een motie van wantrouwen in, maar die haalde het niet.",
        "De vorige regering strandde twee jaar geleden op hetzelfde dossier.",
    ),
    "buitenland": (
        "De {A} regering ontkent elke betrokkenheid bij de aanvallen.",
        "{O} riep beide landen op om onmiddellijk de wapens neer te leggen.",
        "Volgens {P2} zijn sinds {MONTH} al meer dan {N} duizend mensen op de vlucht geslagen.",
        "In {CITY} gingen {DAY} duizenden mensen de straat op om te protesteren tegen de oorlog.",
        "De spanningen tussen {C} en {C2} lopen al jaren op, maar zo ernstig als nu was het nog niet.",
        "{P} zei na afloop van het gesprek dat er ‘voorzichtige vooruitgang’ was geboekt.",
        "Diplomaten in {CITY} houden er rekening mee dat de onderhandelingen weken gaan duren.",
        "Ook {O} maakt zich zorgen over de humanitaire situatie in het gebied.",
        "Waarnemers van {O} kregen tot nu toe geen toegang tot het grensgebied.",
        "{C2} heeft inmiddels extra troepen naar de grens gestuurd.",
        "De minister van Buitenlandse Zaken van {C} sprak {DAY} telefonisch met {P2}.",
        "Het is onduidelijk hoeveel burgers bij de beschietingen om het leven zijn gekomen.",
        "{P} dreigde met nieuwe sancties als de troepen niet binnen een week worden teruggetrokken.",
        "Volgens {O} is de voedselvoorziening in de regio rond {CITY} ernstig in gevaar.",
        "Het staakt-het-vuren dat in {MONTH} werd gesloten, is inmiddels tientallen keren geschonden.",
        "{P2} noemde de beschuldigingen uit {C2} ‘volstrekt ongegrond’.",
        "De luchthaven van {CITY} is sinds {DAY} gesloten voor burgerverkeer.",
        "Een eerdere bemiddelingspoging van {O} liep vorig jaar op niets uit.",
    ),
    "economie": (
        "Analisten hadden op een minder sterke daling gerekend.",
        "Volgens {P} is de oorzaak vooral te vinden in de hoge kosten van {TOPIC}.",
        "{O} verwacht dat de inflatie in {C} dit jaar uitkomt op {PCT} procent.",
        "De koers van het aandeel {O} daalde {DAY} met bijna {SMALL} procent.",
        "Vakbonden vrezen dat bij de fusie honderden banen verloren gaan in {CITY}.",
        "{P2}, econoom bij {O2}, spreekt van ‘een duidelijk signaal dat de groei hapert’.",
        "De werkloosheid in {C} is volgens het statistiekbureau gedaald tot {SMALL} procent.",
        "Het bedrijf heeft vestigingen in {C} en {C2} en telt ruim {N} duizend werknemers.",
        "Exporteurs in {C} hebben last van de hoge energieprijzen en de zwakke vraag uit {C2}.",
        "{O} houdt de rente voorlopig ongewijzigd.",
        "De onderhandelingen over een nieuwe cao liepen {DAY} opnieuw vast.",
        "Beleggers reageerden opgelucht op de cijfers van {O}.",
        "Het bedrijf schrapt de komende twee jaar ongeveer {N} honderd banen.",
        "{P} wil de productie in {CITY} uitbreiden, maar wacht nog op een vergunning.",
        "De omzet van {O} kwam uit op {N} miljard euro, iets meer dan een jaar eerder.",
        "Toezichthouders in {C2} onderzoeken of de overname de concurrentie beperkt.",
        "{P2} verwacht dat de prijzen pas volgend jaar weer dalen.",
        "De huizenmarkt in {C} koelt voor het eerst in jaren af.",
    ),
    "sport": (
        "Na rust nam {O} het initiatief over, maar de ploeg wist lang niet te scoren.",
        "{P} was na afloop vol lof over zijn ploeggenoten: {QUOTE}",
        "Het stadion in {CITY} was voor het eerst dit seizoen uitverkocht.",
        "{P2} kreeg in de slotfase nog een grote kans, maar schoot over.",
        "Met deze overwinning staat {O} op de {SMALL}e plaats in de competitie.",
        "De {A} bond wil de komende weken beslissen over een nieuwe bondscoach.",
        "{P} werd vorig jaar nog gezien als het grootste talent van {C}.",
        "Volgende week speelt {O} uit tegen {O2}, de nummer twee van de ranglijst.",
        "De supporters zongen tot lang na het laatste fluitsignaal.",
        "{O2} overweegt een protest in te dienen tegen de beslissing van de scheidsrechter.",
        "Bij de vorige ontmoeting tussen beide ploegen werd het {SCORE}.",
        "De coach van {O2} weigerde na afloop met de pers te praten.",
        "{P} scoorde in de {SMALL}e minuut het openingsdoelpunt.",
        "Bij {O2} viel vooral de slordige verdediging op.",
        "De wedstrijd lag een kwartier stil door vuurwerk op de tribune in {CITY}.",
        "{P2} speelt al sinds zijn jeugd voor de club uit {CITY}.",
        "De transfer van {P} naar {O2} leverde ruim {SMALL} miljoen euro op.",
        "In de beker wacht {O} een lastige uitwedstrijd.",
    ),
    "cultuur": (
        "Critici in {C} zijn lovend: {QUOTE}",
        "{P} werkte bijna {SMALL} jaar aan het boek, dat zich afspeelt in {CITY}.",
        "De tentoonstelling is tot en met {MONTH} te zien en reist daarna door naar {C2}.",
        "Het werk van {P} werd eerder bekroond door {O}.",
        "{P2}, die de film produceerde, noemt het ‘het meest persoonlijke project tot nu toe’.",
        "De voorstelling in {CITY} was binnen een uur uitverkocht.",
        "De vertaling naar het Nederlands verschijnt in het voorjaar.",
        "In {C2} was het album al eerder te horen op de radio.",
        "Volgens {O} trok de tentoonstelling in de eerste week al {N} duizend bezoekers.",
        "Het festival in {CITY} viert dit jaar zijn {SMALL}e editie.",
        "{P} groeide op in {CITY} en verhuisde als tiener naar {C2}.",
        "De première werd bezocht door onder anderen {P2}.",
        "De recensent van {O} gaf de voorstelling vier sterren.",
        "{P} schreef het scenario samen met {P2}.",
        "Het boek werd inmiddels vertaald in {SMALL} talen.",
        "De expositie in {CITY} toont ook vroeg werk dat nooit eerder te zien was.",
        "{P2} speelt de hoofdrol en werd al eerder genomineerd voor een prijs in {C2}.",
        "De opnames vonden plaats in en rond {CITY}.",
    ),
}
QUOTES = (
    "‘We kunnen niet langer wachten, de mensen verwachten dat we nu handelen.’",
    "‘Dit is pas het begin, er ligt nog veel werk voor ons.’",
    "‘Ik ben trots op wat we samen hebben bereikt.’",
    "‘Niemand had verwacht dat het zo snel zou gaan.’",
    "‘We moeten eerlijk zijn over wat dit gaat kosten.’",
    "‘Het vertrouwen is ernstig beschadigd en dat herstel je niet in een week.’",
)
FILLERS = (
    "Dat bleek {DAY} uit cijfers die werden gepresenteerd tijdens een persconferentie.",
    "Over de precieze details is nog weinig bekend.",
    "Een definitief besluit wordt later dit jaar verwacht.",
    "De kwestie houdt de gemoederen al maanden bezig.",
    "Het is nog onduidelijk wat dit betekent voor de komende maanden.",
    "Niet iedereen is overtuigd van de noodzaak van de maatregelen.",
    "De reacties op sociale media waren gemengd.",
    "Een deel van de betrokkenen wil niet met naam in de krant.",
    "Het onderzoek naar de gang van zaken loopt nog.",
    "In de afgelopen tien jaar is de situatie sterk veranderd.",
    "Ook in andere landen wordt de ontwikkeling met belangstelling gevolgd.",
    "De vorige keer dat iets vergelijkbaars gebeurde, duurde het bijna een jaar voordat er duidelijkheid kwam.",
    "Daarover moet {O} zich de komende weken buigen.",
    "Dat schrijven verschillende media {DAY} op basis van ingewijden.",
    "Het is de vraag of de plannen de komende jaren overeind blijven.",
    "Die verwachting werd eerder ook al uitgesproken door deskundigen.",
    "Daarmee lijkt voorlopig een einde te komen aan een lange periode van onzekerheid.",
    "Wie uiteindelijk de rekening betaalt, is nog niet duidelijk.",
)
INTERTITLES = ("Kritiek", "Grote zorgen", "Een nieuwe koers", "Geen uitweg", "Reacties", "Wat nu",
               "Lange geschiedenis", "Onzekerheid", "Twijfels in de coalitie", "Terug naar de tekentafel",
               "Hoge kosten", "Een historische dag", "Het vervolg")
TITLES = {
    "politiek": ("{PS} onder vuur na ophef over {TOPIC}", "Parlement van {C} stemt in met wet over {TOPIC}",
                 "Akkoord in {C}: {PS} en {P2S} leggen ruzie bij", "{PS} kondigt bezuinigingen aan op {TOPIC}"),
    "buitenland": ("Spanningen tussen {C} en {C2} lopen op", "{PS} op bezoek in {C2}",
                   "Doden bij gevechten aan grens van {C}", "{C} ontbiedt ambassadeur van {C2}"),
    "economie": ("Winst {O} fors gedaald", "Economie {C} groeit harder dan verwacht",
                 "{O} en {O2} kondigen fusie aan", "{PS} waarschuwt voor hogere prijzen"),
    "sport": ("{O} wint van {O2}", "{PS} pakt titel in {CITY}", "{PS} nieuwe trainer van {O}",
              "Seizoen voorbij voor {PS}"),
    "cultuur": ("Nieuwe roman van {PS} meteen bestseller", "Museum in {CITY} eert {PS}",
                "{PS} wint hoofdprijs op filmfestival", "Nieuw album van {PS} na jaren van stilte"),
}
TOPIC_SECTION = {"politiek": "nieuws", "buitenland": "buitenland", "economie": "economie", "sport": "sport",
                 "cultuur": "cultuur"}


class ArticleWriter:
    """Fills templates for one article, keeping track of who was already introduced."""

    def __init__(self, rng: random.Random, cast: list[Person], orgs: list[str], countries: list[Country],
                 all_countries: dict[str, Country]) -> None:
        self.rng = rng
        self.cast = cast
        self.orgs = orgs
        self.countries = countries
        self.all = all_countries
        self.introduced: set[str] = set()
        self.first_person_bold: str | None = None

    def person(self, p: Person) -> str:
        if p.full in self.introduced:
            return p.short if self.rng.random() < 0.85 else p.full
        self.introduced.add(p.full)
        c = self.all.get(p.country)
        adj = c.adjective if c and c.adjective and self.rng.random() < 0.7 else ""
        roll = self.rng.random()
        if roll < 0.2:
            where = f" van {c.name}" if c and p.role in ("premier", "president", "oppositieleider") else ""
            return f"{p.full}, {p.role}{where},"
        if roll < 0.35:
            return p.full
        return f"de {adj} {p.role} {p.full}".replace("  ", " ")  # Dutch adjectives stay capitalised

    def fill(self, template: str, bare_names: bool = False) -> str:
        rng = self.rng
        c = self.countries[0] if rng.random() < 0.6 else rng.choice(self.countries)
        c2 = rng.choice([x for x in self.countries if x is not c] or self.countries)
        p, p2 = (rng.sample(self.cast, 2) if len(self.cast) > 1 else (self.cast[0], self.cast[0]))
        o, o2 = rng.sample(self.orgs, 2)
        values = {
            "C": c.name, "C2": c2.name, "A": c.adjective or "buitenlandse",
            "CITY": rng.choice(c.cities) if c.cities else c.name,
            "O": o, "O2": o2, "DAY": rng.choice(WEEKDAYS), "MONTH": rng.choice(MONTHS),
            "N": str(rng.randint(2, 90)), "PCT": f"{rng.randint(1, 39)},{rng.randint(0, 9)}",
            "SMALL": str(rng.randint(2, 19)), "SCORE": f"{rng.randint(1, 4)}-{rng.randint(0, 3)}",
            "TOPIC": rng.choice(TOPICS), "QUOTE": rng.choice(QUOTES),
            "PS": p.short if bare_names else "", "P2S": p2.short if bare_names else "",
        }
        if bare_names:  # headlines drop the article: "NAVO wint", not "de NAVO wint"
            values["O"], values["O2"] = _bare(o), _bare(o2)
        if "{P}" in template:
            values["P"] = self.person(p)
        if "{P2}" in template:
            values["P2"] = self.person(p2)
        text = template.format_map(_Default(values))
        text = text[0].upper() + text[1:]
        return re.sub(r",([.,:])", r"\1", text).replace(" ,", ",")


def _bare(org: str) -> str:
    return re.sub(r"^(de|het) ", "", org)


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return ""


_POOLS: dict[tuple[tuple[str, ...], str], list[str]] = {}
ECONOMIC_BODIES = ("het IMF", "de Wereldbank", "de Europese Centrale Bank", "De Nederlandsche Bank", "het CBS",
                   "de OESO", "de Wereldhandelsorganisatie", "het Centraal Planbureau", "de FNV", "VNO-NCW",
                   "de Autoriteit Consument en Markt", "de OPEC")


def _org_pool(orgs: list[str], kind: str) -> list[str]:
    """The organisations an article of this kind plausibly names (order kept: Zipf ranks);
    kept by the list's content, which an ``id`` would not name once the list is freed."""
    key = (tuple(orgs), kind)
    if key not in _POOLS:
        def is_club(o: str) -> bool:
            return o.split(" ")[0] in CLUB_HEADS

        def is_company(o: str) -> bool:
            return o.split(" ")[0] in COMPANY_HEADS

        if kind == "sport":
            pool = [o for o in orgs if is_club(o)]
        elif kind == "economie":
            pool = [o for o in orgs if is_company(o) or o in ECONOMIC_BODIES]
        elif kind == "cultuur":
            pool = [o for o in orgs if not is_club(o) and not is_company(o)]
        else:
            pool = [o for o in orgs if not is_club(o)]
        _POOLS[key] = pool or orgs
    return _POOLS[key]


def _zipf_choice(rng: random.Random, items: list, s: float = 1.05) -> object:
    """Pick with probability ~ 1/rank^s (cumulative weights prepared once per length: they
    depend on nothing else; keyed by the list's ``id`` they were found again for another
    list that reused a freed one's address, of another length)."""
    cum = _ZIPF_CACHE.get((len(items), s))
    if cum is None:
        total, cum = 0.0, []
        for rank in range(1, len(items) + 1):
            total += 1.0 / rank**s
            cum.append(total)
        _ZIPF_CACHE[(len(items), s)] = cum
    return rng.choices(items, cum_weights=cum)[0]


_ZIPF_CACHE: dict = {}


@dataclass(frozen=True)
class Article:
    kind: str
    date: tuple[int, int, int]  # day 0 = month precision
    title: str
    title_in_file: bool
    slug: str
    author: str
    countries: tuple[str, ...]  # explicit override, mostly empty
    paragraphs: tuple[tuple[str, str], ...]  # (kind, text): "p", "h", "list", "quote", "read_also"
    summary: str


AUTHORS = ("Redactie Buitenland", "Redactie Economie", "Sportredactie", "Cultuurredactie",
           "Politieke redactie", "Anne de Ruiter", "Michiel Verbeek", "Saskia Hoogland", "")


def _slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > 60:
            break
        out = f"{out}-{w}" if out else w
    return out or "artikel"


def make_article(index: int, rng: random.Random, people_by_domain: dict[str, list[Person]], orgs: list[str],
                 countries: list[Country], by_code: dict[str, Country], earlier_titles: list[str]) -> Article:
    kind = rng.choices(list(LEADS), weights=(3, 4, 3, 2, 1.5))[0]
    people = people_by_domain[DOMAIN_OF_KIND[kind]]
    # Main country: Zipf over countries with the big news countries first.
    main = _zipf_choice(rng, countries, 0.9)
    others = [_zipf_choice(rng, countries, 0.9) for _ in range(rng.randint(1, 3))]
    story_countries = [main] + [c for c in others if c is not main]
    local = [p for p in people[:300] if p.country == main.code]  # type: ignore[attr-defined]
    cast = [_zipf_choice(rng, people, 0.95) for _ in range(rng.randint(2, 5))]
    if local and rng.random() < 0.6:
        cast[0] = rng.choice(local)
    cast = list(dict.fromkeys(cast))
    if len(cast) < 2:
        cast.append(rng.choice(people))
    pool = _org_pool(orgs, kind)
    art_orgs = list(dict.fromkeys(_zipf_choice(rng, pool, 0.8) for _ in range(rng.randint(2, 4))))
    if len(art_orgs) < 2:
        art_orgs.append(rng.choice(orgs))
    w = ArticleWriter(rng, cast, art_orgs, story_countries, by_code)  # type: ignore[arg-type]
    body_deck = _Deck(rng, BODY[kind])
    filler_deck = _Deck(rng, FILLERS)

    title = w.fill(rng.choice(TITLES[kind]), bare_names=True)
    title = re.sub(r"\s+", " ", title).strip()
    target = rng.randint(420, 560)
    words = 0
    paragraphs: list[tuple[str, str]] = []
    lead = " ".join([w.fill(rng.choice(LEADS[kind]))] + [w.fill(body_deck.draw()) for _ in range(rng.randint(1, 2))])
    paragraphs.append(("p", lead))
    words += len(lead.split())
    intertitles = rng.sample(INTERTITLES, 3)
    while words < target:
        if len(paragraphs) in (3, 6) and rng.random() < 0.7 and intertitles:
            paragraphs.append(("h", intertitles.pop()))
        n = rng.randint(3, 5)
        sents = [w.fill(body_deck.draw() if rng.random() < 0.7 else filler_deck.draw()) for _ in range(n)]
        text = " ".join(sents)
        if rng.random() < 0.08:
            paragraphs.append(("list", "\n".join(f"{p.full} ({rng.choice(art_orgs)})" for p in cast[:3])))
        elif rng.random() < 0.06:
            paragraphs.append(("quote", rng.choice(QUOTES).strip("‘’")))
        paragraphs.append(("p", text))
        words += len(text.split())
    if earlier_titles and rng.random() < 0.3:
        paragraphs.append(("read_also", rng.choice(earlier_titles[-300:])))
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    month = rng.randint(1, 12)
    day = 0 if rng.random() < 0.25 else rng.randint(1, 28)
    explicit = tuple(c.code for c in story_countries[:2]) if rng.random() < 0.1 else ()
    summary = lead.split(". ")[0].rstrip(".") + "." if rng.random() < 0.4 else ""
    return Article(
        kind=kind, date=(year, month, day), title=title, title_in_file=rng.random() < 0.9,
        slug=f"{_slugify(title)}-{index:05d}", author=rng.choice(AUTHORS), countries=explicit,
        paragraphs=tuple(paragraphs), summary=summary,
    )


class _Deck:
    """Templates drawn without replacement (reshuffled when used up): no sentence twice in a row."""

    def __init__(self, rng: random.Random, items: tuple[str, ...]) -> None:
        self.rng, self.items, self.left = rng, items, []  # type: list[str]

    def draw(self) -> str:
        if not self.left:
            self.left = list(self.items)
            self.rng.shuffle(self.left)
        return self.left.pop()


def _date(a: Article) -> str:
    y, m, d = a.date
    return f"{y:04d}-{m:02d}-{d:02d}" if d else f"{y:04d}-{m:02d}"


def seed_text(a: Article) -> str:
    lines = [f"date {_date(a)}"]
    if a.title_in_file:
        lines.append(f"title {a.title}")
    if a.author:
        lines.append(f"author {a.author}")
    lines.append(f"slug {a.slug}")
    if a.countries:
        lines.append(f"countries {' '.join(a.countries)}")
    lines.append("")
    for kind, text in a.paragraphs:
        if kind == "read_also":
            lines.append(f"Lees ook: ‘{text}’")
        elif kind == "list":
            lines.append("Onder de betrokkenen: " + ", ".join(text.split("\n")) + ".")
        elif kind == "quote":
            lines.append(f"‘{text}’")
        else:
            # wrap long paragraphs over several lines, as exported seeds do
            lines.extend(_wrap(text, 100))
        lines.append("")
    return "\n".join(lines)


def markdown_text(a: Article, rng: random.Random) -> str:
    fm = ["---", f"title: {json.dumps(a.title, ensure_ascii=False)}", f"date: {_date(a)}", f"slug: {a.slug}"]
    if a.author:
        fm.append(f"author: {json.dumps(a.author, ensure_ascii=False)}")
    if a.countries:
        fm.append(f"countries: {json.dumps(list(a.countries))}")  # quoted: YAML reads NO as false
    if a.summary:
        fm.append(f"summary: {json.dumps(a.summary, ensure_ascii=False)}")
    fm.append("---")
    body: list[str] = []
    for kind, text in a.paragraphs:
        if kind == "h":
            body.append(f"## {text}")
        elif kind == "list":
            body.append("\n".join(f"- {item}" for item in text.split("\n")))
        elif kind == "quote":
            body.append(f"> {text}")
        elif kind == "read_also":
            body.append(f"Lees ook: ‘{text}’")
        else:
            if rng.random() < 0.15:  # some emphasis, as editors write it
                words = text.split(" ")
                k = rng.randrange(len(words))
                if words[k].isalpha() and words[k].islower():
                    words[k] = f"*{words[k]}*"
                text = " ".join(words)
            body.append("\n".join(_wrap(text, 100)))
    return "\n".join(fm) + "\n" + "\n\n".join(body) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def knowledge_toml(people: list[Person], by_code: dict[str, Country], count: int = 60) -> str:
    out = ["# Kennisbestand (gegenereerd voor benchmarks).", ""]
    chosen = people[:count]
    surnames = Counter(p.short.casefold() for p in chosen)
    for p in chosen:
        c = by_code.get(p.country)
        desc = f"{p.role[0].upper()}{p.role[1:]}" + (f" ({c.name})" if c else "") + "."
        aliases = [p.short] if surnames[p.short.casefold()] == 1 else []  # an alias belongs to one actor
        out += ["[[actor]]", f"name = {json.dumps(p.full, ensure_ascii=False)}", 'type = "PER"',
                f"aliases = {json.dumps(aliases, ensure_ascii=False)}",
                f"description = {json.dumps(desc, ensure_ascii=False)}"]
        if c:
            out.append(f'country = "{c.code}"')
        out.append("")
    return "\n".join(out)


def generate(n: int, out: Path, seed: int = 7, md_share: float = 0.5, clean: bool = True,
             search: bool = False) -> dict:
    """Write the site; return a small summary (counts, words)."""
    rng = random.Random(seed)
    countries = load_countries()
    # Order countries by news weight so Zipf favours the big ones, deterministically.
    rank = {code: i for i, code in enumerate(BIG_COUNTRIES)}
    shuffled = countries[:]
    random.Random(seed + 1).shuffle(shuffled)
    countries = sorted(shuffled, key=lambda c: rank.get(c.code, len(rank)))
    by_code = {c.code: c for c in countries}
    people = make_people(rng, countries, N_PEOPLE)
    orgs = make_orgs(rng, countries)
    if clean:
        for sub in ("seeds", "content", "build", ".sitegen-cache", ".sitegen-spare-build", ".bench-trash"):
            shutil.rmtree(out / sub, ignore_errors=True)
    (out / "seeds").mkdir(parents=True, exist_ok=True)
    (out / "content").mkdir(parents=True, exist_ok=True)
    (out / "sitegen.toml").write_text(
        'title = "Benchmarkarchief"\nlanguage = "nl"\ncontent_dirs = ["seeds", "content"]\n'
        'knowledge_file = "content/entities.toml"\npage_size = 20\n'
        f'search = {"true" if search else "false"}\n', encoding="utf-8")
    (out / "content" / "entities.toml").write_text(knowledge_toml(people, by_code), encoding="utf-8")
    titles: list[str] = []
    total_words = 0
    n_md = 0
    by_domain: dict[str, list[Person]] = {d: [p for p in people if p.domain == d] for d in DOMAIN_SHARE}
    for i in range(n):
        a = make_article(i, rng, by_domain, orgs, countries, by_code, titles)
        titles.append(a.title)
        total_words += sum(len(t.split()) for _, t in a.paragraphs)
        y, m, _ = a.date
        if rng.random() < md_share:
            section = TOPIC_SECTION[a.kind] if rng.random() < 0.85 else "analyse"
            path = out / "content" / section / f"{y:04d}-{m:02d}-{a.slug}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown_text(a, rng), encoding="utf-8")
            n_md += 1
        else:
            (out / "seeds" / f"{y:04d}-{m:02d}-{a.slug}.txt").write_text(seed_text(a), encoding="utf-8")
    return {"articles": n, "markdown": n_md, "seed": n - n_md, "words": total_words,
            "people": len(people), "organisations": len(orgs), "countries": len(countries)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="site folder to write (created)")
    parser.add_argument("--seed", type=int, default=7, help="RNG seed (default 7)")
    parser.add_argument("--md-share", type=float, default=0.5, help="share of Markdown articles (default 0.5)")
    parser.add_argument("--search", action="store_true", help="turn on the Pagefind search index (off by default)")
    args = parser.parse_args(argv)
    summary = generate(args.n, args.out, args.seed, args.md_share, search=args.search)
    print(json.dumps(summary), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
