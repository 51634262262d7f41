"""Errors that reach the user as one clear line (file:line: what, expected, how to fix).

Anything that is the user's fault (bad content, bad config, a missing model) is a
``SitegenError``; the CLI prints it without a traceback and exits 1. Anything else is a
bug in sitegen and is allowed to surface as a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class SitegenError(Exception):
    """Base class for errors caused by the user's input or environment."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem: which file, which line (1-based, 0 when unknown), what."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ContentError(SitegenError):
    """A problem in one content file, located by path and line.

    ``more`` carries further problems found in the same file, so a user sees every bad
    front-matter field at once; ``problems`` lists them all, first one first.
    """

    def __init__(self, path: str, line: int, message: str, more: tuple[Problem, ...] = ()) -> None:
        self.problem = Problem(path, line, message)
        self.problems = (self.problem, *more)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def path(self) -> str:
        return self.problem.path

    @property
    def line(self) -> int:
        return self.problem.line


class ProblemsError(SitegenError):
    """Several problems found in one pass, reported together."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], headline: str = "", footer: str = "") -> None:
        self.problems = tuple(problems)
        lines = [headline] if headline else []
        lines.extend(str(p) for p in self.problems)
        if footer:  # what to do about many problems of one kind, said once
            lines.append(footer)
        super().__init__("\n".join(lines))


class ConfigError(ProblemsError):
    """``sitegen.toml`` is unreadable or has unknown keys / bad values (all listed)."""


class KnowledgeError(ProblemsError):
    """The knowledge file (``entities.toml``) is unreadable or invalid (all listed)."""


class ModelNotInstalledError(SitegenError):
    """The configured spaCy pipeline is not installed; says how to install it."""


class ThemeError(SitegenError):
    """A template is missing or has a syntax error; carries the template file and line."""


class BuildError(SitegenError):
    """The build could not be written (disk full, permissions, …); the old build/ is intact."""


def toml_error_line(exc: Exception) -> int:
    """The line a ``tomllib.TOMLDecodeError`` names; 0 if none. Python 3.11 gives it only
    in the message ("… (at line 4, column 9)"); newer versions also as ``lineno``."""
    match = re.search(r"line (\d+)", str(exc))
    return getattr(exc, "lineno", 0) or (int(match.group(1)) if match else 0)
