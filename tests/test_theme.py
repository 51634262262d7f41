from __future__ import annotations

import pytest

from sitegen.errors import ThemeError
from sitegen.render.theme import find_theme, load_templates, make_environment
from sitegen.scaffold import new_site


def test_syntax_error_in_an_extended_template_names_file_and_line(tmp_path):
    site = new_site(tmp_path / "s")
    override = site / "themes" / "default" / "templates" / "base.html"
    override.write_text("<p>ok</p>\n{% if %}\n", encoding="utf-8")
    theme = find_theme(site, "default")
    with pytest.raises(ThemeError, match=r"base\.html:2: template syntax error"):
        load_templates(make_environment(theme), ("article.html",))


def test_site_template_overrides_packaged_one(tmp_path):
    site = new_site(tmp_path / "s")
    (site / "themes" / "default" / "templates" / "404.html").write_text("eigen 404", encoding="utf-8")
    env = make_environment(find_theme(site, "default"))
    assert env.get_template("404.html").render() == "eigen 404"


def test_unknown_theme_is_a_clear_error(tmp_path):
    with pytest.raises(ThemeError, match="theme 'nope' not found"):
        find_theme(tmp_path, "nope")


@pytest.mark.slow
def test_a_misspelt_variable_stops_the_build_with_the_template_file_and_line(tmp_path, embedded_annotator):
    import subprocess
    import sys

    from sitegen.build import build
    from tests.conftest import tree_digest

    site = new_site(tmp_path / "s")
    build(site, annotator=embedded_annotator)
    before = tree_digest(site / "build")
    (site / "themes" / "default" / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}\n<p>{{ t.not_found }}</p>\n<p>{{ nope }}</p>{% endblock %}\n',
        encoding="utf-8")
    with pytest.raises(ThemeError, match=r"templates/404\.html:3: template error: 'nope' is undefined"):
        build(site, annotator=embedded_annotator)
    assert tree_digest(site / "build") == before
    done = subprocess.run([sys.executable, "-m", "sitegen.cli", "build", "--site", str(site)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "404.html:3: template error: 'nope' is undefined" in done.stderr


def test_front_matter_params_reach_the_theme_escaped_and_the_export(tmp_path, embedded_annotator):
    """``params:`` are the editors' own fields, on articles and pages: a theme shows them,
    escaped like every other value, and the JSON export carries an article's as given."""
    import json

    from sitegen.build import build

    site = new_site(tmp_path / "s")
    (site / "content" / "foto.md").write_text(
        "---\ntitle: Brug open\ndate: 2024-03-02\nparams:\n  photographer: <b>Jan</b> Smit\n  pages: [1, 2]\n---\n"
        "De brug in Zwolle is open.\n", encoding="utf-8")
    (site / "themes" / "default" / "templates" / "article.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="credit">Foto: {{ article.params.photographer }}'
        '{% if article.params.pages %} ({{ article.params.pages | length }} pagina\'s){% endif %}</p>{% endblock %}\n',
        encoding="utf-8")
    (site / "pages" / "over.md").write_text("---\ntitle: Over\nparams:\n  team: [Jan, Piet]\n---\nWie wij zijn.\n",
                                            encoding="utf-8")
    (site / "themes" / "default" / "templates" / "page.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="team">{{ page.params.team | join(", ") }}</p>{% endblock %}\n',
        encoding="utf-8")
    build(site, annotator=embedded_annotator)
    assert '<p class="team">Jan, Piet</p>' in (site / "build" / "over" / "index.html").read_text(encoding="utf-8")
    page = (site / "build" / "2024" / "03" / "brug-open" / "index.html").read_text(encoding="utf-8")
    assert "<p class=\"credit\">Foto: &lt;b&gt;Jan&lt;/b&gt; Smit (2 pagina's)</p>" in page
    others = [p for p in (site / "build" / "2024" / "03").glob("*/index.html") if "brug-open" not in str(p)]
    assert others and all('<p class="credit">Foto: </p>' in p.read_text(encoding="utf-8") for p in others)
    export = json.loads((site / "build" / "data" / "annotaties.json").read_text(encoding="utf-8"))
    (entry,) = [a for a in export["articles"] if a["title"] == "Brug open"]
    assert entry["params"] == {"photographer": "<b>Jan</b> Smit", "pages": [1, 2]}
    assert all("params" not in a for a in export["articles"] if a["title"] != "Brug open")
