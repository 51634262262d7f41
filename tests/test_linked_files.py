"""Photos and documents that Markdown articles link to are published with the site
(``sitegen/load/resources.py``): unit tests of the path rules, then real builds."""

from __future__ import annotations

import json
import posixpath
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from sitegen.build import build
from sitegen.errors import ProblemsError
from sitegen.load.markdown_reader import fill_holes, read_markdown
from sitegen.load.resources import gather, local_target, page_href

from .conftest import add_seed, make_site, tree_digest

GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
PDF = b"%PDF-1.4\n% een rapport\n"


@pytest.mark.parametrize(("url", "expected"), [
    ("beelden/fiets.gif", "content/nieuws/beelden/fiets.gif"),
    ("./fiets.gif", "content/nieuws/fiets.gif"),
    ("../gedeeld/rapport.pdf#pagina=2", "content/gedeeld/rapport.pdf"),
    ("mijn%20foto.jpg?v=2", "content/nieuws/mijn foto.jpg"),
    ("../../../etc/passwd", "../etc/passwd"),  # climbs out: gather refuses it
    ("https://example.org/a.jpg", None),
    ("//example.org/a.jpg", None),
    ("mailto:redactie@example.org", None),
    ("/static/logo.png", None),  # site-absolute: the author's own business
    ("#bronnen", None),
    ("?q=1", None),
    ("andere-artikel.md", None),  # another article's source, not a file to publish
    ("beelden/", None),
])
def test_which_urls_name_a_file_of_the_site(url, expected):
    assert local_target(url, "content/nieuws/artikel.md") == expected


def test_the_rewritten_url_climbs_from_the_page_and_keeps_query_and_fragment():
    assert page_href("content/b/mijn foto.jpg", "2024/03/slug/", "mijn%20foto.jpg?v=2#boven") == \
        "../../../media/content/b/mijn%20foto.jpg?v=2#boven"


def test_the_reader_rewrites_links_and_images_and_records_each_file_once_with_its_line():
    raw = (b"---\ntitle: Fietsen\ndate: 2024-03-05\n---\n\nEerste alinea met ![een fiets](beelden/fiets.gif).\n\n"
           b"Zie [het rapport](../bijlagen/rapport.pdf#p2), [nog eens](../bijlagen/rapport.pdf) en "
           b"[de site](https://example.org/).\n")
    article = read_markdown(raw, "content/nieuws/fietsen.md")
    assert article.resources == (("content/nieuws/beelden/fiets.gif", 6), ("content/bijlagen/rapport.pdf", 8))
    page = lxml.html.fromstring(article.skeleton.replace("\x00", ""))
    assert page.xpath("//img/@src") == ["../../../media/content/nieuws/beelden/fiets.gif"]
    assert page.xpath("//a/@href") == ["../../../media/content/bijlagen/rapport.pdf#p2",
                                       "../../../media/content/bijlagen/rapport.pdf", "https://example.org/"]


def _article(resources):
    raw = b"---\ntitle: T\ndate: 2024-03-05\n---\nTekst.\n"
    return replace(read_markdown(raw, "content/a.md"), resources=tuple(resources))


def test_gather_refuses_missing_hidden_outside_and_non_files(tmp_path):
    site = make_site(tmp_path / "site", {"content/beelden/a.gif": GIF, "content/.geheim": "x",
                                         "content/map/b.txt.bak": "x", "buiten.txt": "x", "content/a\\b.gif": GIF})
    (tmp_path / "site/content/lek.gif").symlink_to(tmp_path / "site/buiten.txt")
    (tmp_path / "site/content/map/leeg").mkdir()
    article = _article([("content/beelden/a.gif", 3), ("content/weg.gif", 4), ("content/.geheim", 5),
                        ("../buiten.txt", 6), ("buiten.txt", 7), ("content/lek.gif", 8), ("content/map/leeg", 9),
                        ("content/a\\b.gif", 10)])
    files, problems = gather([article, _article([("content/beelden/a.gif", 2)])], site, ("seeds", "content"))
    assert [(f.output, f.source) for f in files] == [("media/content/beelden/a.gif", site / "content/beelden/a.gif")]
    assert [(p.path, p.line) for p in problems] == [("content/a.md", n) for n in (4, 5, 6, 7, 8, 9, 10)]
    messages = [p.message for p in problems]
    assert "does not exist" in messages[0] and "hidden" in messages[1]
    assert "outside the content folders" in messages[2] and "outside the content folders" in messages[3]
    assert "symlink" in messages[4] and "not a regular file" in messages[5] and "backslash" in messages[6]


ARTICLE = """---
title: Nieuwe fietsbrug in Zwolle
date: 2024-03-05
---

De gemeente Zwolle opent een fietsbrug. ![De brug bij nacht](beelden/brug.gif)

Lees [het rapport](../bijlagen/rapport.pdf) of de [plattegrond](beelden/brug.gif#kaart).
"""


@pytest.fixture(scope="module")
def site_with_files(tmp_path_factory, seed_path, embedded_annotator) -> Path:
    site = make_site(tmp_path_factory.mktemp("files") / "site", {
        "content/nieuws/brug.md": ARTICLE,
        "content/nieuws/beelden/brug.gif": GIF,
        "content/bijlagen/rapport.pdf": PDF,
        "content/bijlagen/interne-notitie.pdf": b"%PDF-1.4\n% niet voor publicatie\n",
    })
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator)
    return site


def test_linked_files_are_published_once_and_every_relative_url_reaches_them(site_with_files):
    out = site_with_files / "build"
    published = sorted(p.relative_to(out).as_posix() for p in (out / "media").rglob("*") if p.is_file())
    assert published == ["media/content/bijlagen/rapport.pdf", "media/content/nieuws/beelden/brug.gif"]
    (page_file,) = out.glob("2024/03/*/index.html")
    page = lxml.html.fromstring(page_file.read_bytes())
    here = page_file.parent.relative_to(out).as_posix()
    urls = page.xpath("//div[@class='article-body']//img/@src") + \
        page.xpath("//div[@class='article-body']//a[not(contains(@class,'ent'))]/@href")
    assert len(urls) == 3
    for url in urls:
        target = posixpath.normpath(posixpath.join(here, url.split("#")[0]))
        assert (out / target).read_bytes() in (GIF, PDF), url
    assert page.xpath("//img/@alt") == ["De brug bij nacht"]


def test_a_changed_file_is_published_again_and_a_missing_one_stops_the_build(site_with_files, embedded_annotator):
    site = site_with_files
    published = site / "build/media/content/nieuws/beelden/brug.gif"
    inode = published.stat().st_ino
    article = site / "content/nieuws/brug.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
    report = build(site, annotator=embedded_annotator)
    assert published.stat().st_ino == inode and report.write.written < 10  # the unchanged photo is kept, not copied
    (site / "content/nieuws/beelden/brug.gif").write_bytes(GIF + b"v2")  # only the photo changes
    report = build(site, annotator=embedded_annotator)
    assert not report.fast_path and report.write.written == 1
    assert (site / "build/media/content/nieuws/beelden/brug.gif").read_bytes() == GIF + b"v2"
    before = tree_digest(site / "build")
    (site / "content/bijlagen/rapport.pdf").unlink()
    with pytest.raises(ProblemsError) as caught:
        build(site, annotator=embedded_annotator)
    assert "content/nieuws/brug.md:8: links to 'content/bijlagen/rapport.pdf', which does not exist" in str(caught.value)
    assert tree_digest(site / "build") == before  # nothing half-written


OLDER = """---
title: Plannen voor een fietsbrug
date: 2023-11-20
slug: plannen-fietsbrug
---

De gemeente Zwolle wil een fietsbrug bouwen.
"""
NEWER = """---
title: Fietsbrug geopend
date: 2024-03-06
---

De brug is open. Zie [de plannen](../archief/plannen.md#achtergrond) en [het seedartikel](../../seeds/seed.txt).
"""


def test_links_to_other_articles_by_file_reach_their_pages_and_follow_a_new_slug(tmp_path, seed_path,
                                                                                   embedded_annotator):
    site = make_site(tmp_path / "site", {"content/archief/plannen.md": OLDER, "content/nieuws/geopend.md": NEWER})
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator)

    def hrefs() -> list[str]:
        (page_file,) = (site / "build/2024/03").glob("*/index.html")
        page = lxml.html.fromstring(page_file.read_bytes())
        here = page_file.parent.relative_to(site / "build").as_posix()
        found = page.xpath("//div[@class='article-body']//a[not(contains(@class,'ent'))]/@href")
        for href in found:
            assert (site / "build" / posixpath.normpath(posixpath.join(here, href.split("#")[0])) / "index.html").is_file()
        return found

    (seed_page,) = [p.parent.name for p in (site / "build/2022/01").glob("*/index.html")]
    assert hrefs() == ["../../../2023/11/plannen-fietsbrug/#achtergrond", f"../../../2022/01/{seed_page}/"]
    (site / "content/archief/plannen.md").write_text(OLDER.replace("plannen-fietsbrug", "brugplannen"))
    build(site, annotator=embedded_annotator)  # the linking page did not change, its link did
    assert hrefs()[0] == "../../../2023/11/brugplannen/#achtergrond"


def test_a_link_to_a_missing_or_draft_article_names_the_file_and_line(tmp_path, embedded_annotator):
    draft = OLDER.replace("slug: plannen-fietsbrug\n", "draft: true\n")
    site = make_site(tmp_path / "site", {"content/archief/plannen.md": draft, "content/nieuws/geopend.md": NEWER})
    with pytest.raises(ProblemsError) as caught:
        build(site, annotator=embedded_annotator)
    message = str(caught.value)
    assert "content/nieuws/geopend.md:6: links to the article 'content/archief/plannen.md', which is not in the site" \
        in message
    assert "content/nieuws/geopend.md:6: links to the article 'seeds/seed.txt'" in message
    assert not (site / "build").exists()


def test_the_first_photo_is_the_link_preview_image_when_the_site_has_an_address(tmp_path, embedded_annotator):
    article = ARTICLE.replace("beelden/brug.gif)", "beelden/brug.svg) ![foto](beelden/brug.jpg)")
    site = make_site(tmp_path / "site", {"content/nieuws/brug.md": article, "content/nieuws/beelden/brug.svg": "<svg/>",
                                         "content/nieuws/beelden/brug.jpg": b"\xff\xd8\xff", "content/nieuws/beelden/brug.gif": GIF,
                                         "content/bijlagen/rapport.pdf": PDF},
                     config='title = "T"\nbase_url = "https://example.org/archief/"\n')
    build(site, annotator=embedded_annotator)
    (page_file,) = (site / "build").glob("2024/03/*/index.html")
    page = lxml.html.fromstring(page_file.read_bytes())
    image = "https://example.org/archief/media/content/nieuws/beelden/brug.jpg"  # not the SVG: previews skip it
    assert page.xpath("//meta[@property='og:image']/@content") == [image]
    (data,) = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    assert data["image"] == image


def test_a_hand_typed_stand_in_link_is_left_as_written():
    from sitegen.render.body import render_body

    raw = (b"---\ntitle: T\ndate: 2024-03-05\n---\n\nZie [eerder](oud.md#kop) en [dit](sitegen-article:bestaat-niet).\n")
    article = read_markdown(raw, "content/nieuw.md")
    assert article.article_links == (("content/oud.md", 6),)
    html = render_body(article, [], lambda actor: "", lambda title: None,
                       {"content/oud.md": "../../../2023/01/oud/"}.get)
    page = lxml.html.fromstring(html)
    assert page.xpath("//a/@href") == ["../../../2023/01/oud/#kop", "sitegen-article:bestaat-niet"]


def test_urls_in_raw_html_tags_are_rewritten_from_parsed_attributes_and_the_rest_is_kept():
    from sitegen.load.html_urls import rewrite_urls

    seen: list[tuple[str, str, int]] = []

    def rewrite(attr: str, url: str, line: int) -> str | None:
        seen.append((attr, url, line))
        return None if url.startswith("https:") else "media/" + url

    html = ('<p class="x">Tekst &amp; meer</p>\n<img alt=\'a > b\' src="beelden/a.gif" hidden>\n'
            '<picture><source srcset="b.gif 1x,c.gif  2x"><img src=d.gif /></picture>\n'
            '<a href="https://example.org/">extern</a><video poster="e.gif" controls></video>')
    out = rewrite_urls(html, rewrite)
    assert seen == [("src", "beelden/a.gif", 1), ("srcset", "b.gif", 2), ("srcset", "c.gif", 2), ("src", "d.gif", 2),
                    ("href", "https://example.org/", 3), ("poster", "e.gif", 3)]
    assert out == ('<p class="x">Tekst &amp; meer</p>\n<img alt="a &gt; b" src="media/beelden/a.gif" hidden>\n'
                   '<picture><source srcset="media/b.gif 1x, media/c.gif 2x"><img src="media/d.gif" /></picture>\n'
                   '<a href="https://example.org/">extern</a><video poster="media/e.gif" controls></video>')
    assert rewrite_urls("geen tags, alleen tekst < 3", rewrite) == "geen tags, alleen tekst < 3"


RAW_HTML_ARTICLE = """---
title: Nieuwe fietsbrug in Zwolle
date: 2024-03-05
---

De gemeente Zwolle opent een fietsbrug, zegt <a href="../bijlagen/rapport.pdf">Mark Rutte</a> tegen Mark Rutte.

<figure>
  <img src="beelden/brug.gif" srcset="beelden/brug.gif 1x, beelden/brug-groot.gif 2x" alt="De brug">
  <figcaption>De brug bij nacht</figcaption>
</figure>
"""


def test_the_reader_rewrites_raw_html_urls_only_where_html_is_allowed_and_never_nests_links():
    raw = RAW_HTML_ARTICLE.encode()
    article = read_markdown(raw, "content/nieuws/brug.md", allow_html=True)
    assert article.resources == (("content/bijlagen/rapport.pdf", 6), ("content/nieuws/beelden/brug.gif", 9),
                                 ("content/nieuws/beelden/brug-groot.gif", 9))
    assert '<img src="../../../media/content/nieuws/beelden/brug.gif" srcset="../../../media/content/nieuws/' \
           'beelden/brug.gif 1x, ../../../media/content/nieuws/beelden/brug-groot.gif 2x" alt="De brug">' \
        in article.skeleton
    pieces: list[str] = []  # the text the render stage marks up
    fill_holes(article.skeleton, article.text, lambda piece, _: pieces.append(piece) or "")
    assert pieces == ["De gemeente Zwolle opent een fietsbrug, zegt ", " tegen Mark Rutte."]  # not the link text
    escaped = read_markdown(raw, "content/nieuws/brug.md", allow_html=False)
    assert escaped.resources == () and '<img src="beelden/brug.gif"' in escaped.text  # text, escaped when shown


def test_files_named_in_raw_html_are_published_and_a_missing_one_names_its_line(tmp_path, embedded_annotator):
    files = {"content/nieuws/brug.md": RAW_HTML_ARTICLE, "content/nieuws/beelden/brug.gif": GIF,
             "content/nieuws/beelden/brug-groot.gif": GIF + b"2x", "content/bijlagen/rapport.pdf": PDF}
    site = make_site(tmp_path / "site", files, config='title = "T"\nmarkdown_html = true\n')
    build(site, annotator=embedded_annotator)
    out = site / "build"
    (page_file,) = out.glob("2024/03/*/index.html")
    page = lxml.html.fromstring(page_file.read_bytes())
    here = page_file.parent.relative_to(out).as_posix()
    body = page.xpath("//div[@class='article-body']")[0]
    urls = body.xpath(".//img/@src") + [c.split()[0] for c in body.xpath(".//img/@srcset")[0].split(",")] + \
        body.xpath(".//a[not(contains(@class,'ent'))]/@href")
    assert len(urls) == 4
    for url in urls:
        assert (out / posixpath.normpath(posixpath.join(here, url))).read_bytes() in (GIF, GIF + b"2x", PDF), url
    assert b'rapport.pdf">Mark Rutte</a> tegen <a class="ent' in page_file.read_bytes()  # no link in a link
    (site / "content/nieuws/beelden/brug-groot.gif").unlink()
    before = tree_digest(out)
    with pytest.raises(ProblemsError) as caught:
        build(site, annotator=embedded_annotator)
    assert "content/nieuws/brug.md:9: links to 'content/nieuws/beelden/brug-groot.gif', which does not exist" \
        in str(caught.value)
    assert tree_digest(out) == before
