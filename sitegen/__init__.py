"""sitegen: a static-site generator for annotated news articles."""

from __future__ import annotations

__version__ = "0.1.0"
