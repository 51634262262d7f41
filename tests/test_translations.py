"""``translation_key``: the versions of one article in several languages link to each
other, on the page (a language switch) and for search engines (``hreflang``)."""

from __future__ import annotations

import json

import lxml.etree
import lxml.html
import pytest

from sitegen.build import build
from sitegen.check import check_site
from sitegen.errors import ContentError, ProblemsError
from sitegen.link.translations import translation_problems, translations
from sitegen.load.markdown_reader import read_markdown
from sitegen.load.seed_reader import read_seed
from sitegen.model import ArticleDate, SourceArticle

from .conftest import add_seed, make_site

DUTCH = """---
title: Gemeenteraad Gent keurt fietsplan goed
date: 2024-03-05
translation_key: fietsplan-gent
---

De gemeenteraad van Gent heeft het fietsplan goedgekeurd.
"""
FRENCH = """---
title: Le conseil communal de Gand approuve le plan vélo
date: 2024-03-05
lang: fr
translation_key: fietsplan-gent
---

Le conseil communal de Gand a approuvé le plan vélo.
"""
ENGLISH_SEED = "date 2024-03-06\nlang en\ntranslation_key fietsplan-gent\ntitle Ghent council backs cycling plan\n\n" \
               "The city council of Ghent has backed the cycling plan.\n"


def _article(path: str, lang: str, key: str) -> SourceArticle:
    return SourceArticle(path=path, source_format="markdown", slug=path, title=path, date=ArticleDate(2024, 3),
                         lang=lang, text="x", content_hash=path, translation_key=key)


def test_both_formats_read_the_key_and_refuse_one_that_is_not_a_name():
    assert read_markdown(DUTCH.encode(), "content/a.md").translation_key == "fietsplan-gent"
    assert read_seed(ENGLISH_SEED.encode(), "seeds/a.txt").translation_key == "fietsplan-gent"
    assert read_markdown(DUTCH.replace("translation_key: fietsplan-gent\n", "").encode(), "c/a.md").translation_key == ""
    with pytest.raises(ContentError, match=r"content/a.md:4: translation_key: expected a name"):
        read_markdown(DUTCH.replace("fietsplan-gent", "[a, b]").encode(), "content/a.md")
    with pytest.raises(ContentError, match=r"content/a.md:4: translation_key: .* must be 1–100 printable"):
        read_markdown(DUTCH.replace("fietsplan-gent", '"x\\u0007"').encode(), "content/a.md")


def test_versions_are_grouped_by_key_and_ordered_by_language():
    articles = [_article("a", "nl", "k"), _article("b", "fr", "k"), _article("c", "nl", ""),
                _article("d", "en", "k"), _article("e", "de", "alone")]
    assert translations(articles) == ((3, 1), (3, 0), (), (1, 0), ())
    assert translation_problems(articles) == []
    clash = translation_problems([*articles, _article("f", "fr", "k")])
    assert [p.path for p in clash] == ["f"]
    assert clash[0].message.startswith("translation_key 'k' already names the 'fr' version (b)")


def test_each_version_links_the_others_on_its_page_and_in_its_head(tmp_path, embedded_annotator, seed_path):
    site = make_site(tmp_path / "site", {"content/nl.md": DUTCH, "content/fr.md": FRENCH,
                                         "seeds/en.txt": ENGLISH_SEED},
                     config='title = "Archief"\nbase_url = "https://example.org/"\n')
    add_seed(site, seed_path)  # the seed has no versions: no language switch on its page
    build(site, annotator=embedded_annotator)
    out = site / "build"
    pages = {"nl": "2024/03/gemeenteraad-gent-keurt-fietsplan-goed/", "fr": "2024/03/le-conseil-communal-de-gand-approuve-le-plan-velo/",
             "en": "2024/03/ghent-council-backs-cycling-plan/"}
    for lang, path in pages.items():
        page = lxml.html.fromstring((out / path / "index.html").read_bytes())
        alternates = {link.get("hreflang"): link.get("href") for link in page.xpath("//head/link[@rel='alternate'][@hreflang]")}
        assert alternates == {code: "https://example.org/" + p for code, p in pages.items()}
        (nav,) = page.xpath("//nav[@class='translations']")
        assert nav.get("aria-label") == "Andere talen"
        shown = [(a.get("lang"), a.get("hreflang"), a.text_content(), (out / path / a.get("href")).resolve())
                 for a in nav.xpath("a")]
        others = sorted(code for code in pages if code != lang)
        assert shown == [(code, code, {"en": "English", "fr": "Français", "nl": "Nederlands"}[code],
                          (out / pages[code]).resolve()) for code in others]
        locales = {"nl": "nl_NL", "fr": "fr_FR", "en": "en_US"}  # Open Graph: the language's main territory
        assert page.xpath("//meta[@property='og:locale']/@content") == [locales[lang]]
        assert sorted(page.xpath("//meta[@property='og:locale:alternate']/@content")) == \
            sorted(locales[code] for code in pages if code != lang)
        related = [(out / path / href).resolve() for href in page.xpath("//ul[@class='related']//a/@href")]
        assert not {(out / pages[code]).resolve() for code in others} & set(related)  # named once, as a version
    (seed_page,) = out.glob("2022/01/*/index.html")
    seed = lxml.html.fromstring(seed_page.read_bytes())
    assert not seed.xpath("//nav[@class='translations']") and not seed.xpath("//link[@hreflang]")
    assert seed.xpath("//meta[starts-with(@property, 'og:locale')]/@content") == ["nl_NL"]
    feed = lxml.etree.fromstring((out / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    langs = {e.findtext(atom + "title"): e.get("{http://www.w3.org/XML/1998/namespace}lang")
             for e in feed.iter(atom + "entry")}
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"
    assert sorted(v for v in langs.values() if v) == ["en", "fr"]  # Dutch entries inherit the feed's
    home = lxml.html.fromstring((out / "index.html").read_bytes())
    assert home.xpath("//meta[@property='og:locale']/@content") == ["nl_NL"]  # the site's language
    export = json.loads((out / "data" / "annotaties.json").read_text(encoding="utf-8"))
    assert check_site(site) == []  # every alternate and version link finds its page
    assert sorted((a["lang"], a.get("translation_key", "")) for a in export["articles"]) == \
        [("en", "fietsplan-gent"), ("fr", "fietsplan-gent"), ("nl", ""), ("nl", "fietsplan-gent")]


def test_two_versions_in_one_language_stop_the_build_with_file_and_line(tmp_path, embedded_annotator):
    second = DUTCH.replace("Gent keurt", "Gent stemt").replace("translation_key: fietsplan-gent\n", "")
    site = make_site(tmp_path / "site", {"content/nl.md": DUTCH, "content/nl2.md": second})
    build(site, annotator=embedded_annotator)
    before = (site / "build" / "index.html").read_bytes()
    (site / "content/nl2.md").write_text(second.replace("lang", "lang").replace("---\n\n", "translation_key: fietsplan-gent\n---\n\n"),
                                         encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        build(site, annotator=embedded_annotator)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("content/nl2.md", 4)
    assert "already names the 'nl' version (content/nl.md)" in problem.message
    assert (site / "build" / "index.html").read_bytes() == before
