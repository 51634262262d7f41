"""Photos in articles and pages carry their size and a loading hint (render/images.py,
load/images.py): the page keeps its layout while they load."""

from __future__ import annotations

import lxml.html

from sitegen.build import build
from sitegen.photos import Photo, plan
from sitegen.render.images import sized_images

from .conftest import make_site, png, tree_digest


def test_sizes_come_from_the_published_file_and_only_the_first_image_loads_at_once():
    sizes = {"media/content/a.jpg": Photo(640, 480), "media/content/c d.png": Photo(10, 20)}
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



def jpeg(width: int, height: int, exif: bytes | None = None) -> bytes:
    """A JPEG with a colour gradient (so that it compresses like a photo, not a flat area)."""
    import io

    from PIL import Image

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, **({"exif": exif} if exif else {}))
    return out.getvalue()


def camera_exif(orientation: int) -> bytes:
    """EXIF as a camera writes it: an orientation, and where and with what the photo was taken."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Fotocamera BV"  # make
    exif[0x8825] = {1: "N", 2: (52.0, 30.0, 0.0), 3: "E", 4: (6.0, 5.0, 0.0)}  # GPS: near Zwolle
    return exif.tobytes()


def test_copies_are_planned_for_each_width_narrower_than_the_photo():
    sizes = {"media/a.jpg": (1000, 500), "media/b.PNG": (480, 480), "media/c.gif": (2000, 2000),
             "media/d.svg": (3000, 100), "media/e.webp": (1200, 900)}
    assert plan(sizes, (480, 960, 1600), taken={"media/e-960w.webp"}) == {
        "media/a.jpg": ((480, "media/a-480w.jpg"), (960, "media/a-960w.jpg")),
        "media/e.webp": ((480, "media/e-480w.webp"),),  # its 960 name is another file's: the original serves
    }
    assert plan(sizes, (), taken=()) == {}


PHOTO_ARTICLE = """---
title: Hoogwater in Zwolle
date: 2024-01-05
---
Het water in de IJssel staat hoog bij Zwolle.

![De kade](beelden/kade.jpg)

![Het plein](beelden/plein.jpg "Het plein bij de Sassenpoort. Foto: redactie")

Een kaart: ![kaart](beelden/kaart.png) en een beschadigd bestand: ![kapot](beelden/kapot.jpg)
"""


def _photo_site(root):
    return make_site(root, {
        "content/water.md": PHOTO_ARTICLE,
        "content/beelden/kade.jpg": jpeg(2000, 1200, camera_exif(6)),  # stored on its side: shown 1200 × 2000
        "content/beelden/plein.jpg": jpeg(1000, 600),
        "content/beelden/kaart.png": png(600, 300),
        "content/beelden/kapot.jpg": jpeg(1800, 1000)[:400],  # a header, then nothing
    })


def test_each_photo_gets_upright_copies_without_metadata_offered_in_srcset(tmp_path, embedded_annotator):
    from PIL import Image

    site = _photo_site(tmp_path / "s")
    build(site, annotator=embedded_annotator)
    out = site / "build"
    page = lxml.html.fromstring((out / "2024/01/hoogwater-in-zwolle/index.html").read_bytes())
    kade, plein, kaart, kapot = page.xpath("//div[@class='article-body']//img")
    assert (kade.get("width"), kade.get("height")) == ("1200", "2000")  # as shown, not as stored
    assert kade.get("srcset") == ("../../../media/content/beelden/kade-480w.jpg 480w, "
                                  "../../../media/content/beelden/kade-960w.jpg 960w, "
                                  "../../../media/content/beelden/kade.jpg 1200w")
    assert kade.get("sizes") == "(min-width: 60rem) 42rem, calc(100vw - 2rem)"
    assert plein.get("srcset").endswith("plein-960w.jpg 960w, ../../../media/content/beelden/plein.jpg 1000w")
    assert kaart.get("srcset") == ("../../../media/content/beelden/kaart-480w.png 480w, "
                                   "../../../media/content/beelden/kaart.png 600w")
    assert kapot.get("srcset") is None  # Pillow cannot read it: the original alone, as before
    assert (out / "media/content/beelden/kapot.jpg").exists() and not list(out.rglob("kapot-*"))
    media = out / "media/content/beelden"
    assert sorted(p.name for p in media.iterdir()) == [
        "kaart-480w.png", "kaart.png", "kade-480w.jpg", "kade-960w.jpg", "kade.jpg", "kapot.jpg",
        "plein-480w.jpg", "plein-960w.jpg", "plein.jpg"]
    with Image.open(media / "kade-480w.jpg") as copy:
        assert copy.size == (480, 800)  # turned upright
        assert dict(copy.getexif()) == {}  # no orientation, camera or place left in it
    with Image.open(media / "kaart-480w.png") as copy:
        assert copy.size == (480, 240)
    assert (media / "kade.jpg").read_bytes() == (site / "content/beelden/kade.jpg").read_bytes()  # original as it is

    store = site / ".sitegen-cache" / "photos"
    made = {p.name: p.stat().st_mtime_ns for p in store.iterdir()}
    assert len(made) == 5
    (site / "content/water.md").write_text(PHOTO_ARTICLE + "\nDe kade blijft dicht.\n", encoding="utf-8")
    build(site, annotator=embedded_annotator)
    assert {p.name: p.stat().st_mtime_ns for p in store.iterdir()} == made  # none made again
    fresh = _photo_site(tmp_path / "fresh")
    (fresh / "content/water.md").write_text(PHOTO_ARTICLE + "\nDe kade blijft dicht.\n", encoding="utf-8")
    build(fresh, annotator=embedded_annotator)
    assert tree_digest(out) == tree_digest(fresh / "build")  # the same bytes from another cache


def test_a_replaced_photo_gets_new_copies_and_no_widths_means_none(tmp_path, embedded_annotator):
    from PIL import Image

    site = _photo_site(tmp_path / "s")
    build(site, annotator=embedded_annotator)
    store = site / ".sitegen-cache" / "photos"
    assert len(list(store.iterdir())) == 5
    (site / "content/beelden/plein.jpg").write_bytes(jpeg(700, 700))
    build(site, annotator=embedded_annotator)
    assert len(list(store.iterdir())) == 4  # the old photo's two copies are gone, its new one is made
    media = site / "build/media/content/beelden"
    assert not (media / "plein-960w.jpg").exists()
    with Image.open(media / "plein-480w.jpg") as copy:
        assert copy.size == (480, 480)
    (site / "sitegen.toml").write_text('title = "Testarchief"\nimage_widths = []\n', encoding="utf-8")
    build(site, annotator=embedded_annotator)
    assert sorted(p.name for p in media.iterdir()) == ["kaart.png", "kade.jpg", "kapot.jpg", "plein.jpg"]
    assert list(store.iterdir()) == []
    page = (site / "build/2024/01/hoogwater-in-zwolle/index.html").read_text(encoding="utf-8")
    assert "srcset" not in page
