"""Synthetic Dutch seed articles for the cluster tests and benchmarks.

Used only when ``bench/generate.py`` is not available: paragraphs of the sample site's
seed articles are recombined, and a few names are swapped in from small pools so the
corpus has many actors. Deterministic for a given ``n`` and ``seed``.
"""

from __future__ import annotations

import random
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent
_FIRST = ("Anna", "Pieter", "Sanne", "Daan", "Fleur", "Ruben", "Noor", "Thijs", "Lotte", "Bram",
          "Aigerim", "Nurlan", "Armen", "Ilham", "Gulnara", "Timur", "Lilit", "Samvel", "Dina", "Erlan")
_LAST = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos",
         "Vermeulen", "Sarsenbajev", "Aliyev", "Petrosjan", "Karimova", "Nazarov", "Grigorjan",
         "Abenov", "Hovhannisjan", "Iskakova", "Mamedov")
_CITIES = ("Almaty", "Jerevan", "Bakoe", "Astana", "Gjoemri", "Sjymkent", "Tbilisi", "Moskou",
           "Den Haag", "Brussel", "Karaganda", "Stepanakert")
_FALLBACK = (
    "De Kazachstaanse president Kassym-Jomart Tokajev sprak vrijdag in Astana met premier Askar Mamin.",
    "In Jerevan demonstreerden duizenden Armeniërs tegen de regering van Nikol Pasjinjan.",
    "De Europese Unie stuurt waarnemers naar de grens tussen Armenië en Azerbeidzjan.",
    "Volgens minister Ilham Aliyev van Azerbeidzjan is de situatie in Bakoe rustig.",
)


def _paragraphs() -> list[str]:
    found: list[str] = []
    for path in sorted((_PACKAGE_ROOT / "seeds").glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n\n", 1)[-1]
        found.extend(p.strip() for p in body.split("\n\n") if len(p.strip()) > 120)
    return found or list(_FALLBACK)


def generate_site(root: Path, n: int, seed: int = 7, config: str | None = None) -> Path:
    """Write a site with ``n`` seed articles under ``root/seeds``; return ``root``."""
    rng = random.Random(seed)
    pool = _paragraphs()
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "sitegen.toml").write_text(config or 'title = "Clusterproef"\nlanguage = "nl"\n', encoding="utf-8")
    for i in range(n):
        person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        city = rng.choice(_CITIES)
        lead = (f"{person} sprak op {rng.randint(1, 28)} {rng.choice(('januari', 'maart', 'juni', 'oktober'))} "
                f"in {city} over de gevolgen van het besluit. Volgens {person.split()[-1]} is er weinig tijd.")
        body = [lead] + rng.sample(pool, k=min(3, len(pool)))
        year, month, day = 2019 + i % 5, 1 + (i // 5) % 12, 1 + (i // 60) % 28
        title = f"Bericht {i:06d} uit {city}"
        (root / "seeds" / f"gen-{i:06d}.txt").write_text(
            f"date {year:04d}-{month:02d}-{day:02d}\ntitle {title}\n\n" + "\n\n".join(body) + "\n",
            encoding="utf-8",
        )
    return root
