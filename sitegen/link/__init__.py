"""Linking: corpus-wide actor resolution (``resolve_actors``) and the site's indexes."""

from __future__ import annotations

from .actors import resolve_actors

__all__ = ["resolve_actors"]
