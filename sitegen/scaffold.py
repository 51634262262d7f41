"""``sitegen new``: a ready-to-build site folder with one example article of each format."""

from __future__ import annotations

from pathlib import Path

from .errors import SitegenError

CONFIG = '''title = "{title}"
language = "nl"
base_url = ""
content_dirs = ["seeds", "content"]
theme = "default"
nlp_model = "embedded"
knowledge_file = "content/entities.toml"
page_size = 20
actor_page_size = 50
'''

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

THEMES_README = """Put template overrides in themes/default/templates/ (same file names as the packaged
theme) and extra static files in themes/default/static/.
"""


def new_site(path: Path, title: str = "Nieuwsarchief") -> Path:
    """Create the folder; refuse to overwrite an existing site."""
    if (path / "sitegen.toml").exists():
        raise SitegenError(f"{path} already has a sitegen.toml; refusing to overwrite it")
    files = {
        "sitegen.toml": CONFIG.format(title=title.replace('"', "'")),
        "seeds/2024-03-zwolle-fietsplan.txt": SEED,
        "content/2024-03-fietsers.md": MARKDOWN,
        "content/entities.toml": KNOWLEDGE,
        "themes/README.txt": THEMES_README,
        ".gitignore": "build/\n.sitegen-cache/\n.sitegen-tmp-*\n.sitegen-old-*/\n.sitegen-spare-*/\n",
    }
    for rel, text in files.items():
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (path / "themes" / "default" / "templates").mkdir(parents=True, exist_ok=True)
    return path
