"""Photos in articles and pages carry their size and a loading hint (render/images.py,
load/images.py): the page keeps its layout while they load."""

from __future__ import annotations

import lxml.html

from sitegen.build import build
from sitegen.render.images import sized_images

from .conftest import make_site, png, tree_digest


def test_sizes_come_from_the_published_file_and_only_the_first_image_loads_at_once():
    sizes = {"media/content/a.jpg": (640, 480), "media/content/c d.png": (10, 20)}
    body = ('<p><img src="../../../media/content/a.jpg" alt="a &gt; b"></p>'
            '<p><img src="https://example.org/b.png" alt=""></p>'
            '<img src="../../../media/content/c%20d.png" width="5" loading="eager" alt=\'x>y\' />')
    page = lxml.html.fromstring(f"<div>{sized_images(body, '2022/01/slug/', sizes)}</div>")
    first, remote, own = page.xpath("//img")
    assert (first.get("width"), first.get("height"), first.get("loading"), first.get("decoding")) == \
        ("640", "480", None, "async")  # the first photo is often the largest thing on the page: not lazy
    assert (remote.get("width"), remote.get("loading")) == (None, "lazy")  # another site's: size unknown
    assert (own.get("width"), own.get("height"), own.get("loading"), own.get("alt")) == ("5", None, "eager", "x>y")
    assert sized_images("<p>Geen foto's.</p>", "a/", sizes) == "<p>Geen foto's.</p>"


ARTICLE = """---
title: De nieuwe brug over de IJssel
date: 2024-05-02
---
De brug bij Zwolle is klaar.

![De brug bij avond](beelden/brug.png)

Een tweede beeld: ![Het dek](beelden/dek.png)
"""


def test_a_built_page_sizes_its_photos_and_a_changed_photo_renders_it_again(tmp_path, embedded_annotator):
    site = make_site(tmp_path / "s", {"content/brug.md": ARTICLE, "content/beelden/brug.png": png(64, 32),
                                      "content/beelden/dek.png": png(8, 8)})
    build(site, annotator=embedded_annotator)
    page = site / "build/2024/05/de-nieuwe-brug-over-de-ijssel/index.html"
    images = lxml.html.fromstring(page.read_bytes()).xpath("//div[@class='article-body']//img")
    assert [(i.get("alt"), i.get("width"), i.get("height"), i.get("loading")) for i in images] == \
        [("De brug bij avond", "64", "32", None), ("Het dek", "8", "8", "lazy")]
    (site / "content/beelden/brug.png").write_bytes(png(48, 96))  # the photo changes, its article does not
    report = build(site, annotator=embedded_annotator)
    assert report.annotate.annotated == 0 and report.rendered >= 1
    first = lxml.html.fromstring(page.read_bytes()).xpath("//div[@class='article-body']//img")[0]
    assert (first.get("width"), first.get("height")) == ("48", "96")
    fresh = make_site(tmp_path / "fresh", {"content/brug.md": ARTICLE, "content/beelden/brug.png": png(48, 96),
                                           "content/beelden/dek.png": png(8, 8)})
    build(fresh, annotator=embedded_annotator)
    assert tree_digest(site / "build") == tree_digest(fresh / "build")


def test_a_size_an_image_cannot_have_is_left_out(tmp_path):
    from sitegen.load.images import image_sizes
    from sitegen.load.resources import LinkedFile

    files = {"a.svg": '<svg width="99999999999999999999" height="1">', "b.svg": '<svg width="0.4" height="7.6">',
             "c.svg": '<svg width="100%" height="50%">', "d.png": png(3, 2), "e.txt": "no image"}
    linked = []
    for name, content in files.items():
        (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode())
        linked.append(LinkedFile("media/" + name, tmp_path / name))
    assert image_sizes(linked) == {"media/b.svg": (1, 8), "media/d.png": (3, 2)}


def test_a_photo_alone_with_a_title_is_a_figure_with_its_caption():
    from sitegen.load.markdown_reader import HOLE, read_markdown

    body = ('Tekst over Zwolle.\n\n![De brug](beelden/brug.png "De brug bij avond. Foto: <Jan> & co")\n\n'
            'Een ![klein](x.png "titel") beeld in de tekst.\n\n![zonder titel](y.png)\n')
    article = read_markdown(f"---\ntitle: T\ndate: 2024-05-02\n---\n{body}".encode(), "content/a.md")
    page = lxml.html.fromstring(f"<div>{article.skeleton.replace(HOLE, '')}</div>")
    (figure,) = page.xpath("//figure")
    assert figure.xpath("img/@alt") == ["De brug"] and figure.xpath("img/@title") == []  # the caption says it
    assert figure.xpath("figcaption")[0].text == "De brug bij avond. Foto: <Jan> & co"  # escaped, read back as text
    assert "&lt;Jan&gt; &amp; co</figcaption>" in article.skeleton
    assert page.xpath("//p/img/@title") == ["titel"]  # a photo in running text keeps its title
    assert page.xpath("//p/img/@alt") == ["klein", "zonder titel"]  # alone without a title: no caption to show
    assert article.text == "Tekst over Zwolle.\n\nEen  beeld in de tekst."  # captions are not annotated text

