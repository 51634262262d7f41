"""``sitegen new``: a ready-to-build site folder with one example article of each format;
``sitegen article``: a new draft article in an existing site."""

from __future__ import annotations

from pathlib import Path

import yaml

from .config import FOLDER_KEYS, SiteConfig
from .errors import SitegenError
from .load.fields import FieldError, make_slug, parse_date
from .model import ArticleDate

CONFIG = '''title = "{title}"
language = "{language}"
base_url = ""
content_dirs = ["seeds", "content"]
theme = "default"
nlp_model = "embedded"
knowledge_file = "content/entities.toml"
static_dir = "static"           # favicon.ico, .well-known/ …: published at the root as they are
pages_dir = "pages"             # the site's own pages ("Over dit archief"), not articles
page_size = 20
actor_page_size = 50
{paths}'''

# an English site's addresses in English from its first build (existing sites keep the
# Dutch folder names unless they choose otherwise: their addresses never move by themselves)
ENGLISH_PATHS = "\n[paths]\n" + "".join(f'{key} = "{key}"\n' for key in FOLDER_KEYS) \
    + 'export = "data/annotations.json"\n'  # the folder keys are English words

SEED = """date 2024-03-05
title Gemeenteraad van Zwolle stemt in met nieuw fietsplan

De gemeenteraad van Zwolle heeft dinsdag ingestemd met een plan om de binnenstad autoluw te maken. Wethouder Anna de Vries sprak van een historische stap.

Lees ook: ‘Fietsers in Zwolle krijgen meer ruimte’
"""

MARKDOWN = """---
title: "Fietsers in Zwolle krijgen meer ruimte"
date: 2024-03
summary: "Een voorbeeldartikel in Markdown."
---

Het college van **Zwolle** wil meer ruimte voor fietsers. Volgens wethouder *Anna de Vries*
is de binnenstad daar klaar voor.

## Wat verandert er

- Minder parkeerplaatsen aan de grachten
- Bredere fietspaden
"""

KNOWLEDGE = """# Editors' corrections to the entity recogniser; see the sitegen docs.
[[actor]]
name = "Anna de Vries"
type = "PER"
description = "Wethouder (voorbeeld)."

[ignore]
mentions = ["Lees ook"]
"""

ABOUT_PAGE = """---
title: Over dit archief
menu: 1
---
Dit archief bundelt nieuwsberichten. Bij elk bericht staan de personen, organisaties en
plaatsen die erin voorkomen, met een eigen pagina per actor.

Deze pagina staat in `pages/`: zulke pagina's hebben geen datum en komen niet in het
archief, maar met `menu:` wel in het menu bovenaan elke pagina.
"""

ENGLISH = {
    "seeds/2024-03-york-cycling-plan.txt": """date 2024-03-05
title York council backs a new cycling plan

The city council of York on Tuesday backed a plan to close the centre to most cars. Councillor Anna Fielding called it a historic step.

The plan takes effect in the autumn.
""",
    "content/2024-03-more-room-for-cyclists.md": """---
title: "More room for cyclists in York"
date: 2024-03
summary: "A sample article in Markdown."
---

The council of **York** wants more room for cyclists. According to councillor *Anna Fielding*
the city centre is ready for it.

## What changes

- Fewer parking places along the river
- Wider cycle lanes
""",
    "content/entities.toml": """# Editors' corrections to the entity recogniser; see the sitegen docs.
[[actor]]
name = "Anna Fielding"
type = "PER"
description = "Councillor (example)."
""",
    "pages/about.md": """---
title: About this archive
menu: 1
---
This archive collects news articles. Each article shows the people, organisations and
places it mentions, and each of them has a page of their own.

This page lives in `pages/`: such pages have no date and are not in the archive, but
with `menu:` they are in the menu at the top of every page.
""",
}

GERMAN = {
    "seeds/2024-03-muenster-radplan.txt": """date 2024-03-05
title Stadtrat von Münster stimmt neuem Radverkehrsplan zu

Der Stadtrat von Münster hat am Dienstag einem Plan zugestimmt, die Innenstadt für die meisten Autos zu sperren. Stadträtin Anna Becker sprach von einem historischen Schritt.

Der Plan tritt im Herbst in Kraft.
""",
    "content/2024-03-mehr-platz-fuer-radfahrer.md": """---
title: "Mehr Platz für Radfahrer in Münster"
date: 2024-03
summary: "Ein Beispielartikel in Markdown."
---

Der Rat von **Münster** will mehr Platz für Radfahrer. Nach Ansicht von Stadträtin *Anna Becker*
ist die Innenstadt dafür bereit.

## Was sich ändert

- Weniger Parkplätze an der Promenade
- Breitere Radwege
""",
    "content/entities.toml": """# Editors' corrections to the entity recogniser; see the sitegen docs.
[[actor]]
name = "Anna Becker"
type = "PER"
description = "Stadträtin (Beispiel)."
""",
    "pages/ueber.md": """---
title: Über dieses Archiv
menu: 1
---
Dieses Archiv sammelt Nachrichtenartikel. Zu jedem Artikel stehen die Personen,
Organisationen und Orte, die er nennt, jede und jeder mit einer eigenen Seite.

Diese Seite liegt in `pages/`: solche Seiten haben kein Datum und stehen nicht im Archiv,
aber mit `menu:` im Menü oben auf jeder Seite.
""",
}

FRENCH = {
    "seeds/2024-03-nantes-plan-velo.txt": """date 2024-03-05
title Le conseil municipal de Nantes adopte un nouveau plan vélo

Le conseil municipal de Nantes a approuvé mardi un plan qui ferme le centre-ville à la plupart des voitures. L'adjointe Anne Moreau a parlé d'une étape historique.

Le plan entre en vigueur à l'automne.
""",
    "content/2024-03-plus-de-place-pour-les-cyclistes.md": """---
title: "Plus de place pour les cyclistes à Nantes"
date: 2024-03
summary: "Un article d'exemple en Markdown."
---

La municipalité de **Nantes** veut plus de place pour les cyclistes. Selon l'adjointe
*Anne Moreau*, le centre-ville est prêt.

## Ce qui change

- Moins de places de stationnement le long de la Loire
- Des pistes cyclables plus larges
""",
    "content/entities.toml": """# Editors' corrections to the entity recogniser; see the sitegen docs.
[[actor]]
name = "Anne Moreau"
type = "PER"
description = "Adjointe au maire (exemple)."
""",
    "pages/a-propos.md": """---
title: À propos de ces archives
menu: 1
---
Ces archives rassemblent des articles d'actualité. Chaque article montre les personnes,
organisations et lieux qu'il cite, et chacun a sa propre page.

Cette page se trouve dans `pages/` : ces pages n'ont pas de date et ne figurent pas dans
les archives, mais avec `menu:` elles sont dans le menu en haut de chaque page.
""",
}

THEMES_README = """Put template overrides in themes/default/templates/ (same file names as the packaged
theme) and extra static files in themes/default/static/.
"""


DUTCH = {
    "seeds/2024-03-zwolle-fietsplan.txt": SEED,
    "content/2024-03-fietsers.md": MARKDOWN,
    "content/entities.toml": KNOWLEDGE,
    "pages/over.md": ABOUT_PAGE,
}
# per language ``sitegen new`` has sample articles in: the samples and the site's default title
SAMPLES = {
    "nl": (DUTCH, "Nieuwsarchief"),
    "en": (ENGLISH, "News archive"),
    "de": (GERMAN, "Nachrichtenarchiv"),
    "fr": (FRENCH, "Archives d'actualités"),
}
LANGUAGES = tuple(SAMPLES)


def new_site(path: Path, title: str = "", language: str = "nl") -> Path:
    """Create the folder with sample articles in ``language``; refuse to overwrite an
    existing site. A new site in another language than Dutch gets English folder names
    (``actors/``): the Dutch ones are kept only so that existing Dutch sites never move."""
    if language not in SAMPLES:
        raise SitegenError(f"sitegen new has sample articles in {', '.join(LANGUAGES)}, not {language!r}; "
                           "start with one and set language in sitegen.toml")
    if (path / "sitegen.toml").exists():
        raise SitegenError(f"{path} already has a sitegen.toml; refusing to overwrite it")
    samples, default_title = SAMPLES[language]
    title = title or default_title
    config = CONFIG.format(title=title.replace('"', "'"), language=language,
                           paths="" if language == "nl" else ENGLISH_PATHS)
    files = {
        "sitegen.toml": config,
        **samples,
        "themes/README.txt": THEMES_README,
        ".gitignore": "build/\n.sitegen-cache/\n.sitegen-tmp-*\n.sitegen-old-*/\n.sitegen-spare-*/\n",
    }
    if path.exists() and not path.is_dir():
        raise SitegenError(f"{path} is a file, not a folder; give a new or empty folder")
    ignore = path / ".gitignore"
    merged = ignore.is_file() and not ignore.is_symlink()
    if merged:  # a repository's own: keep it, add what it lacks
        own = ignore.read_text(encoding="utf-8", errors="replace")
        missing = [line for line in files[".gitignore"].splitlines() if line not in own.splitlines()]
        files[".gitignore"] = own + ("" if own.endswith("\n") or not own else "\n") + "".join(f"{m}\n" for m in missing)
    taken = [rel for rel in files if not (rel == ".gitignore" and merged)
             and ((path / rel).exists() or (path / rel).is_symlink())]
    if taken:  # a folder with the user's own files: nothing of theirs is overwritten
        raise SitegenError(f"{path} already has {', '.join(taken)}; refusing to overwrite; "
                           "give a new or empty folder")
    for rel, text in files.items():
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (path / "themes" / "default" / "templates").mkdir(parents=True, exist_ok=True)
    return path


def new_article(config: SiteConfig, title: str, date: str, folder: str | None = None) -> Path:
    """Write a Markdown draft with ``title`` and ``date`` (``YYYY-MM`` or ``YYYY-MM-DD``) to
    ``<folder>/<date>-<slug>.md`` and return its path; refuse to overwrite a file.

    It starts as a draft (``draft: true``): ``sitegen serve --drafts`` shows it, a build
    leaves it out until the line is removed. ``folder`` must be one of the content folders,
    or the article would never be built; by default it is ``content`` (else the first).
    """
    if not title.strip():
        raise SitegenError("an article needs a title")
    try:
        when: ArticleDate = parse_date(date)
    except FieldError as exc:
        raise SitegenError(str(exc)) from None
    folders = config.content_dirs
    folder = folder or ("content" if "content" in folders else folders[0])
    if folder.strip("/") not in [d.strip("/") for d in folders]:
        raise SitegenError(f"{folder!r} is not one of the content folders ({', '.join(folders)}); "
                           "an article there would never be built")
    path = config.root / folder / f"{when.iso()}-{make_slug(title)}.md"
    front = yaml.safe_dump({"title": title.strip(), "date": when.iso(), "draft": True},
                           allow_unicode=True, sort_keys=False, default_flow_style=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:  # never overwrite
            out.write(f"---\n{front}---\n\n")
    except FileExistsError:
        raise SitegenError(f"{path} already exists; choose another title or edit that file") from None
    return path
