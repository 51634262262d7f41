"""Theme lookup and the Jinja2 environment.

A site's ``themes/<name>/templates`` folder overrides the packaged theme template by
template, so users change one file instead of forking the theme. Autoescape is always
on and undefined variables are errors, so a typo in a template fails the build loudly.
"""

from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..errors import ThemeError

PACKAGED_THEMES = Path(__file__).resolve().parent.parent / "themes"


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    template_dirs: tuple[Path, ...]  # site override first, packaged theme last
    static_dirs: tuple[Path, ...]

    def fingerprint(self) -> str:
        """Hash of every template and asset: a theme edit re-renders, nothing else."""
        digest = hashlib.sha256()
        for folder in self.template_dirs + self.static_dirs:
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        digest.update(path.relative_to(folder).as_posix().encode())
                        digest.update(path.read_bytes())
        return digest.hexdigest()[:16]


def find_theme(site_root: Path, name: str) -> Theme:
    site_dir = site_root / "themes" / name
    packaged = PACKAGED_THEMES / name
    base = packaged if packaged.is_dir() else PACKAGED_THEMES / "default"
    if not site_dir.is_dir() and not packaged.is_dir():
        raise ThemeError(
            f"theme {name!r} not found: expected {site_dir} or a packaged theme "
            f"({', '.join(sorted(p.name for p in PACKAGED_THEMES.iterdir() if p.is_dir()))})"
        )
    templates = tuple(d for d in (site_dir / "templates", base / "templates") if d.is_dir())
    static = tuple(d for d in (site_dir / "static", base / "static") if d.is_dir())
    return Theme(name, templates, static)


class _Environment(jinja2.Environment):
    """Jinja's environment with a faster ``x.name`` for the plain dicts the views pass.

    Jinja resolves ``x.name`` by trying the attribute first and the item second; on a dict
    that means raising and catching an ``AttributeError`` for every key read, a fifth of
    all template time on a 10,000-article site. A plain dict has no attributes beyond
    ``dict``'s own, so reading the item first when the name is not one of them gives
    exactly Jinja's answer, without the exception.
    """

    def getattr(self, obj, attribute):  # Jinja's signature
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


def make_environment(theme: Theme) -> jinja2.Environment:
    """The theme's environment. Templates are compiled once per build (``auto_reload``
    off: checking each template's mtime on every ``extends`` cost a stat per page); a
    theme edit gives a new fingerprint and so a new environment."""
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    return env


def template_location(exc: jinja2.TemplateError) -> str:
    """``file:line`` of a template error raised while a page rendered.

    Jinja rewrites the traceback so that each template's own frame carries its file and
    line; the innermost such frame is where the error is (a missing variable in a block
    of ``base.html`` names ``base.html``, not the page's template)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(".py")]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "template"


def rendering_error(exc: jinja2.TemplateError) -> ThemeError:
    """A template error met while rendering, as a located user error (``sitegen build``
    prints it as one line, the live server shows it in its overlay)."""
    return ThemeError(f"{template_location(exc)}: template error: {exc.message or exc}")


def load_templates(env: jinja2.Environment, names: tuple[str, ...]) -> dict[str, jinja2.Template]:
    """Compile every template up front so a syntax error names its file and line at once."""
    templates: dict[str, jinja2.Template] = {}
    for name in sorted(set(env.list_templates(extensions=["html", "xml", "txt"])) - set(names)):
        try:  # templates only reached through {% extends %}/{% include %} are checked too
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise ThemeError(f"{template_location(exc)}: template syntax error: {exc.message}") from None
    for name in names:
        try:
            templates[name] = env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise ThemeError(f"{template_location(exc)}: template syntax error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise ThemeError(f"template {exc.name!r} not found in {', '.join(map(str, env.loader.searchpath))}") from None  # type: ignore[union-attr]
    return templates
