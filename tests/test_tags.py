"""Topics (``tags``) and authors: the names editors give articles, each with its list pages
and feed (``onderwerpen/``, ``auteurs/``), linked from the article, the archive and (topics)
the search facets."""

from __future__ import annotations

import json

import lxml.etree
import pytest

from sitegen.build import build
from sitegen.check import check_site
from sitegen.errors import ContentError
from sitegen.link.indexes import author_entries, tag_entries
from sitegen.load.fields import FieldError, check_authors, check_tags, tag_slug
from sitegen.load.markdown_reader import read_markdown
from sitegen.load.seed_reader import read_seed
from sitegen.model import ArticleDate, SourceArticle

from .conftest import make_site, tree_digest


def test_tags_are_a_list_or_comma_separated_and_one_per_topic():
    assert check_tags("Buitenland, Energie ,  Verkiezingen 2023") == ("Buitenland", "Energie", "Verkiezingen 2023")
    assert check_tags(["Energie", "energie", "ENERGIE", "Klimaat"]) == ("Energie", "Klimaat")  # one page: one topic
    assert check_tags([2024]) == ("2024",)
    assert tag_slug("Verkiezingen 2023") == "verkiezingen-2023" and tag_slug("Économie") == "economie"


@pytest.mark.parametrize(("value", "message"), [
    ({"a": 1}, "expected a list of topics"),
    (["Energie", ""], "must be 1–80 printable characters"),
    (["x" * 81], "must be 1–80 printable characters"),
    (["Energie\x07"], "must be 1–80 printable characters"),
    (["!!!"], "no letter or digit"),
    ([["genest"]], "is not a topic name"),
    ([f"t{i}" for i in range(21)], "at most 20"),
])
def test_bad_tags_say_what_is_wrong(value, message):
    with pytest.raises(FieldError, match=message):
        check_tags(value)


def test_both_formats_read_tags_and_name_the_line_of_a_bad_one():
    seed = read_seed(b"date 2024-05\ntags Energie, Klimaat\ntitle T\n\nTekst over energie.\n", "seeds/a.txt")
    md = read_markdown(b"---\ntitle: T\ndate: 2024-05\ntags: [Energie]\n---\n\nTekst.\n", "content/b.md")
    assert seed.tags == ("Energie", "Klimaat") and md.tags == ("Energie",)
    with pytest.raises(ContentError) as bad_seed:
        read_seed(b"date 2024-05\ntitle T\ntags !!!\n\nTekst.\n", "seeds/a.txt")
    assert str(bad_seed.value.problems[0]).startswith("seeds/a.txt:3: tags:")
    with pytest.raises(ContentError) as bad_md:
        read_markdown(b"---\ntitle: T\ndate: 2024-05\ntags: {a: 1}\n---\n\nTekst.\n", "content/b.md")
    assert str(bad_md.value.problems[0]).startswith("content/b.md:4: tags:")


def _article(path: str, tags: tuple[str, ...]) -> SourceArticle:
    return SourceArticle(path=path, source_format="seed", slug=path, title=path, date=ArticleDate(2024, 5),
                         lang="nl", text="x", content_hash=path, tags=tags)


def test_a_topic_is_named_as_most_articles_spell_it():
    entries = tag_entries([_article("a", ("energie",)), _article("b", ("Energie", "Zorg")), _article("c", ("Energie",))])
    assert list(entries) == ["energie", "zorg"]
    assert entries["energie"].name == "Energie" and list(entries["energie"].articles) == [0, 1, 2]
    assert entries["zorg"].name == "Zorg" and list(entries["zorg"].articles) == [1]


def test_an_author_has_a_page_unless_the_byline_has_no_letter():
    articles = [_article("a", ()), _article("b", ()), _article("c", ())]
    articles = [SourceArticle(**{**{f: getattr(a, f) for f in a.__slots__}, "authors": (author,)})
                for a, author in zip(articles, ("Redactie Buitenland", "redactie buitenland", "—"))]
    entries = author_entries(articles)
    assert list(entries) == ["redactie-buitenland"] and list(entries["redactie-buitenland"].articles) == [0, 1]


ARTICLES = {
    "content/a.md": "---\ntitle: Energieprijzen stijgen\ndate: 2024-05-02\ntags: [Energie, Economie]\n---\n\n"
                    "De energieprijzen in Zwolle stijgen volgens Anna de Vries sneller dan elders.\n",
    "content/b.md": "---\ntitle: Nieuwe windmolens bij Urk\ndate: 2024-06-10\ntags: [energie]\n---\n\n"
                    "Bij Urk komen tien nieuwe windmolens, meldt de provincie Flevoland.\n",
    "seeds/c.txt": "date 2024-04-01\ntitle Raad van Zwolle kiest nieuwe wethouder\ntags Politiek\nauthor Stadsredactie\n\n"
                   "De gemeenteraad van Zwolle heeft Piet Bakker gekozen als wethouder.\n",
}


@pytest.mark.slow
def test_topic_pages_feeds_links_and_export(tmp_path, embedded_annotator):
    site = make_site(tmp_path / "s", ARTICLES)
    build(site, annotator=embedded_annotator)
    out = site / "build"
    index = (out / "onderwerpen" / "index.html").read_text(encoding="utf-8")
    assert [name in index for name in ("Economie", "Energie", "Politiek")] == [True, True, True]
    energy = (out / "onderwerpen" / "energie" / "index.html").read_text(encoding="utf-8")
    assert energy.index("Nieuwe windmolens bij Urk") < energy.index("Energieprijzen stijgen")  # newest first
    assert "Raad van Zwolle" not in energy
    feed = (out / "onderwerpen" / "energie" / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 2
    entries = lxml.etree.fromstring(feed.encode()).findall("{http://www.w3.org/2005/Atom}entry")
    assert sorted(tuple(c.get("term") for c in e.findall("{http://www.w3.org/2005/Atom}category")) for e in entries) == \
        [("Energie", "Economie"), ("energie",)]  # each entry's topics, as the article spells them
    (page,) = out.glob("2024/05/*/index.html")
    html = page.read_text(encoding="utf-8")
    assert 'class="tag" href="../../../onderwerpen/energie/">Energie</a>' in html
    assert '<meta data-pagefind-filter="tag[content]" content="Energie">' in html
    assert 'href="../onderwerpen/"' in (out / "archief" / "index.html").read_text(encoding="utf-8")
    export = json.loads((out / "data" / "annotaties.json").read_text(encoding="utf-8"))
    assert [t["slug"] for t in export["tags"]] == ["economie", "energie", "politiek"]
    assert {tuple(a.get("tags", ())) for a in export["articles"]} == {("Energie", "Economie"), ("energie",), ("Politiek",)}
    assert [a.get("authors") for a in export["articles"]] == [None, None, ["Stadsredactie"]]  # newest first
    assert "onderwerpen/energie/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    (seed_page,) = out.glob("2024/04/*/index.html")
    assert 'class="author" href="../../../auteurs/stadsredactie/">Stadsredactie</a>' in seed_page.read_text(encoding="utf-8")
    author = (out / "auteurs" / "stadsredactie" / "index.html").read_text(encoding="utf-8")
    assert "Raad van Zwolle" in author and "Energieprijzen" not in author
    assert (out / "auteurs" / "stadsredactie" / "feed.xml").is_file()
    assert "Stadsredactie" in (out / "auteurs" / "index.html").read_text(encoding="utf-8")
    assert 'href="../auteurs/"' in (out / "archief" / "index.html").read_text(encoding="utf-8")
    assert check_site(site) == []


@pytest.mark.slow
def test_a_site_without_topics_has_no_topic_pages(tmp_path, embedded_annotator):
    site = make_site(tmp_path / "s", {"seeds/c.txt": ARTICLES["seeds/c.txt"].replace("tags Politiek\nauthor Stadsredactie\n", "")})
    build(site, annotator=embedded_annotator)
    assert not (site / "build" / "onderwerpen").exists() and not (site / "build" / "auteurs").exists()
    assert "onderwerpen" not in (site / "build" / "archief" / "index.html").read_text(encoding="utf-8")
    assert "tags" not in json.loads((site / "build" / "data" / "annotaties.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_changing_topics_re_annotates_nothing_and_equals_a_fresh_build(tmp_path, embedded_annotator):
    site = make_site(tmp_path / "s", ARTICLES)
    build(site, annotator=embedded_annotator)
    a = site / "content" / "a.md"
    a.write_text(a.read_text(encoding="utf-8").replace("[Energie, Economie]", "[Economie, Klimaat]"), encoding="utf-8")
    report = build(site, annotator=embedded_annotator)
    assert report.annotate.annotated == 0  # the text is the same: its annotation is too
    assert 0 < report.rendered and report.reused > 0
    energy = (site / "build" / "onderwerpen" / "energie" / "index.html").read_text(encoding="utf-8")
    assert "Energieprijzen" not in energy and (site / "build" / "onderwerpen" / "klimaat" / "index.html").exists()
    fresh = make_site(tmp_path / "fresh", {**ARTICLES, "content/a.md": a.read_text(encoding="utf-8")})
    build(fresh, annotator=embedded_annotator)
    assert tree_digest(site / "build") == tree_digest(fresh / "build")


def test_a_byline_of_several_authors_is_a_list_or_comma_separated():
    assert check_authors("Jan Smit, Piet Bakker") == ("Jan Smit", "Piet Bakker")
    assert check_authors(["Jan Smit", "jan smit", "Anna de Vries"]) == ("Jan Smit", "Anna de Vries")
    seed = read_seed(b"date 2024-03\nauthor Jan Smit,  Piet Bakker\n\nTekst over Zwolle.\n", "seeds/x.txt")
    assert seed.authors == ("Jan Smit", "Piet Bakker")
    with pytest.raises(FieldError, match="at most 20"):
        check_authors([f"Auteur {i}" for i in range(21)])
    with pytest.raises(ContentError, match="content/x.md:4: author: True is not a name"):
        read_markdown(b"---\ntitle: T\ndate: 2024-01-01\nauthor: [Jan, true]\n---\nTekst.\n", "content/x.md")


CO_BYLINES = {
    "seeds/a.txt": "date 2024-04-01\ntitle Raad van Zwolle kiest nieuwe wethouder\nauthor Jan Smit, Piet Bakker\n\n"
                   "De gemeenteraad van Zwolle koos dinsdag Anna de Vries tot wethouder.\n",
    "content/b.md": "---\ntitle: Windmolens bij Urk\ndate: 2024-06-10\nauthor: [Piet Bakker, Anna Jansen, Kees Mol]\n---\n\n"
                    "Bij Urk komen tien nieuwe windmolens, meldt de provincie Flevoland.\n",
}


@pytest.mark.slow
def test_each_author_of_a_shared_byline_gets_the_article(tmp_path, embedded_annotator):
    site = make_site(tmp_path / "s", CO_BYLINES)
    build(site, annotator=embedded_annotator)
    out = site / "build"
    (seed_page,) = out.glob("2024/04/*/index.html")
    assert ('door <a class="author" href="../../../auteurs/jan-smit/">Jan Smit</a> en '
            '<a class="author" href="../../../auteurs/piet-bakker/">Piet Bakker</a>') in seed_page.read_text(encoding="utf-8")
    (md_page,) = out.glob("2024/06/*/index.html")
    html = md_page.read_text(encoding="utf-8")
    assert ">Piet Bakker</a>, <a" in html and ">Anna Jansen</a> en <a" in html  # "A, B en C"
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert [p["name"] for p in data["author"]] == ["Piet Bakker", "Anna Jansen", "Kees Mol"]
    both = (out / "auteurs" / "piet-bakker" / "index.html").read_text(encoding="utf-8")
    assert "Raad van Zwolle" in both and "Windmolens bij Urk" in both
    assert "Windmolens" not in (out / "auteurs" / "jan-smit" / "index.html").read_text(encoding="utf-8")
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<name>Piet Bakker</name>") == 2 and "<name>Kees Mol</name>" in feed
    export = json.loads((out / "data" / "annotaties.json").read_text(encoding="utf-8"))
    assert [a["authors"] for a in export["articles"]] == [["Piet Bakker", "Anna Jansen", "Kees Mol"],
                                                          ["Jan Smit", "Piet Bakker"]]
    assert check_site(site) == []
