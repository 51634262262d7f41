"""Front matter written for Hugo, Jekyll, Pelican and MkDocs (load/other_generators.py):
their names for our fields are ours, unknown keys are errors or params as the site says."""

from __future__ import annotations

import json
import re

import pytest

from sitegen.build import build
from sitegen.errors import ContentError, ProblemsError
from sitegen.load import load_articles
from sitegen.load.markdown_reader import read_markdown
from sitegen.load.page_reader import read_page

from .conftest import make_site

HUGO = """---
Title: "Minister bezoekt de haven"
date: 2023-03-14T09:30:00+01:00
lastmod: 2023-03-20
description: "Een kort bezoek aan Rotterdam."
categories: [Economie]
tags: [haven, economie]
authors: [Anna de Vries, Jan Smit]
translationKey: havenbezoek
weight: 10
images: [/img/haven.jpg]
---
De minister bezocht dinsdag de haven van Rotterdam.

<!--more-->

Daar sprak hij met havenwerkers.
"""


def _read(text: str):
    return read_markdown(text.encode(), "content/x.md")


def test_hugo_front_matter_is_read_as_ours():
    a = _read(HUGO)
    assert a.title == "Minister bezoekt de haven"  # key case does not matter, as in Hugo
    assert a.summary == "Een kort bezoek aan Rotterdam."
    assert a.updated is not None and a.updated.iso() == "2023-03-20"
    assert a.tags == ("haven", "economie")  # categories join the topics, each once
    assert a.authors == ("Anna de Vries", "Jan Smit")
    assert a.translation_key == "havenbezoek"
    assert a.image == "/img/haven.jpg"  # the first of Hugo's images: the link preview's
    # unknown keys are kept as params, with their lines, for the site to accept or refuse
    assert json.loads(a.params) == {"weight": 10}
    assert a.unknown_keys == (("weight", 10),)


def test_pelican_and_jekyll_drafts():
    base = "---\ntitle: x\ndate: 2022-01-05\n{}\n---\nTekst.\n"
    assert _read(base.format("status: draft")).draft
    assert not _read(base.format("status: Published")).draft
    assert _read(base.format("published: false")).draft
    assert _read(base.format("category: Binnenland")).tags == ("Binnenland",)
    assert _read(base.format("modified: 2022-02-01")).updated.iso() == "2022-02-01"
    assert _read(base.format("last_modified_at: 2022-02-02")).updated.iso() == "2022-02-02"


@pytest.mark.parametrize(("extra", "line", "words"), [
    ("summary: a\ndescription: b", 5, ("'description' is the name Hugo, Jekyll and MkDocs use for 'summary', which "
                                      "'summary' already gives; keep one of them")),
    ("draft: true\nstatus: draft", 5, "'status' is how Pelican gives 'draft', which 'draft' already gives"),
    ("status: hidden", 4, "status: expected 'draft' or 'published'"),
    ("published: nee", 4, "published: expected true or false"),
    ("Date: 2022-01-06", 4, "'Date' is 'date', which 'date' already gives"),
    ("url: /oud/adres/", 4, "list the old address under 'aliases'"),
    ("expiryDate: 2030-01-01", 4, "does not take an article down on a date"),
    ("titel: y", 4, "unknown front-matter key 'titel'; did you mean 'title'?"),
    ("tag: Politiek", 4, "did you mean 'tags'?"),
    ("og-image: x.jpg", 4, "only be kept as one of the params if its name is letters, digits and _"),
    ("weight: 3\nparams: {weight: 4}", 4, "'weight' is also one of the params; keep one of them"),
    ("lastmod: 2021-12-01", 4, "lastmod (sitegen's 'updated'): 2021-12-01 is before the article's date"),
    ("categories: [[genest]]", 4, "categories: ['genest'] is not a topic name"),
    ("image: javascript:alert(1).jpg", 4, "image: 'javascript:alert(1).jpg' is neither a photo of the site nor"),
    ("images: [brug.svg]", 4, "images (sitegen's 'image'): 'brug.svg' is not a photo link previews can show"),
])
def test_other_generators_keys_that_cannot_be_read_say_why_and_where(extra, line, words):
    with pytest.raises(ContentError) as caught:
        _read(f"---\ntitle: x\ndate: 2022-01-05\n{extra}\n---\nTekst.\n")
    assert any(p.line == line and words in p.message for p in caught.value.problems), str(caught.value)


def test_the_site_chooses_what_unknown_keys_are(tmp_path):
    from sitegen.config import load_config
    from sitegen.errors import ConfigError

    site = make_site(tmp_path / "c", {}, 'title = "x"\nunknown_front_matter = "params"\n')
    assert load_config(site).unknown_front_matter == "params"
    (site / "sitegen.toml").write_text('title = "x"\nunknown_front_matter = "keep"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="sitegen.toml:2: unknown_front_matter: expected 'error'"):
        load_config(site)


def test_unknown_keys_are_errors_unless_the_site_keeps_them(tmp_path):
    site = make_site(tmp_path / "s", {
        "content/a.md": "---\ntitle: Een\ndate: 2022-01-05\nweight: 3\n---\nTekst.\n",
        # a file that fails for another reason reports its unknown keys too, unless they are kept
        "content/b.md": "---\ntitle: Twee\ndatum: 2022-01-05\n---\nTekst.\n",
    })
    refused = load_articles(site, ("content",))
    assert [str(p) for p in refused.problems] == [
        ("content/a.md:4: unknown front-matter key 'weight'; known keys: title, date, slug, lang, countries, tags, "
        "draft, summary, author, aliases, updated, corrections, claim, claimant, verdict, translation_key, image, params"),
        "content/b.md:1: front matter is missing the required key 'date'",
        "content/b.md:3: " + refused.problems[0].message.replace("'weight'", "'datum'"),
    ]
    assert refused.articles == ()
    kept = load_articles(site, ("content",), keep_unknown_keys=True)
    assert [str(p) for p in kept.problems] == ["content/b.md:1: front matter is missing the required key 'date'"]
    assert [json.loads(a.params) for a in kept.articles] == [{"weight": 3}]


def test_a_page_takes_other_generators_names_and_keeps_unknown_keys_if_asked():
    raw = b"---\ntitle: Over ons\ndescription: Wie wij zijn.\nlastmod: 2024-02-01\ndate: 2020-01-01\n---\nTekst.\n"
    with pytest.raises(ContentError, match="pages/over.md:5: unknown front-matter key 'date'"):
        read_page(raw, "pages/over.md", "pages")
    page = read_page(raw, "pages/over.md", "pages", keep_unknown_keys=True)
    assert page.summary == "Wie wij zijn." and page.updated.iso() == "2024-02-01"
    assert json.loads(page.params) == {"date": "2020-01-01"}


def test_a_hugo_archive_builds_when_the_site_keeps_unknown_keys(tmp_path, embedded_annotator, seed_path):
    theme = ('{% extends "base.html" %}{% block main %}<h1>{{ article.title }}</h1>'
             '<p class="weight">{{ article.params.weight }}</p>{{ article.body }}{% endblock %}\n')
    site = make_site(tmp_path / "s", {
        "content/haven.md": HUGO,
        "themes/default/templates/article.html": theme,
        "static/img/haven.jpg": b"a photo",
    })
    (site / "seeds").mkdir()
    (site / "seeds" / "seed.txt").write_bytes(seed_path.read_bytes())
    with pytest.raises(ProblemsError, match="content/haven.md:10: unknown front-matter key 'weight'"):
        build(site, annotator=embedded_annotator)
    assert not (site / "build").exists()
    (site / "sitegen.toml").write_text('title = "Archief"\nunknown_front_matter = "params"\n', encoding="utf-8")
    build(site, annotator=embedded_annotator)
    page = (site / "build" / "2023" / "03" / "minister-bezoekt-de-haven" / "index.html").read_text(encoding="utf-8")
    assert '<p class="weight">10</p>' in page and "havenwerkers" in page and "more--" not in page
    assert "Rotterdam" in page
    topics = {p.parent.name for p in (site / "build" / "onderwerpen").glob("*/index.html")}
    assert topics == {"haven", "economie"}
    # the parsed-article store keeps the unknown keys: refusing them again needs no new parse
    (site / "sitegen.toml").write_text('title = "Archief"\n', encoding="utf-8")
    with pytest.raises(ProblemsError, match="content/haven.md:10: unknown front-matter key 'weight'"):
        build(site, annotator=embedded_annotator)
    assert (site / "build" / "2023" / "03" / "minister-bezoekt-de-haven" / "index.html").read_text(
        encoding="utf-8") == page  # the failed build changed nothing


@pytest.mark.parametrize("allow_html", [False, True])
def test_hugos_summary_divider_ends_the_summary_and_is_never_shown(allow_html):
    raw = (b"---\ntitle: x\ndate: 2022-01-05\n---\nEerste alinea over **Rutte**.\n\nTweede alinea.\n\n<!--more-->\n\n"
           b"Derde alinea.\n\n```\n<!--more-->\n```\n")
    a = read_markdown(raw, "a.md", allow_html=allow_html)
    assert a.summary == "Eerste alinea over Rutte. Tweede alinea."
    assert a.text == "Eerste alinea over Rutte.\n\nTweede alinea.\n\nDerde alinea."
    assert a.skeleton.count("more") == 1 and "<code>&lt;!--more--&gt;" in a.skeleton  # in code it is code
    # without a divider the summary is the first paragraph; a given summary wins over both
    assert read_markdown(raw.replace(b"<!--more-->\n\nDerde", b"Derde"), "a.md").summary == "Eerste alinea over Rutte."
    assert read_markdown(raw.replace(b"title: x\n", b"title: x\nsummary: Kort.\n"), "a.md").summary == "Kort."
    page = read_page(b"---\ntitle: Over\n---\nWie wij zijn.\n\nNog meer.\n\n<!-- more -->\n\nDe rest.\n", "pages/over.md",
                     "pages")
    assert page.summary == "Wie wij zijn. Nog meer." and "more" not in page.skeleton


def test_pelican_markdown_metadata_is_front_matter():
    raw = (b"Title: Minister bezoekt de haven\nDate: 2010-12-03 10:20\nModified: 2010-12-05 19:30\nCategory: Economie\n"
           b"Tags: haven, Economie\nSlug: havenbezoek\nAuthors: Anna de Vries, Jan Smit\nSummary: Een kort bezoek\n"
           b"    aan Rotterdam.\n\nDe minister bezocht de haven.\n")
    a = read_markdown(raw, "content/a.md")
    assert (a.title, a.date.iso(), a.updated.iso(), a.slug) == ("Minister bezoekt de haven", "2010-12-03", "2010-12-05",
                                                              "havenbezoek")
    assert a.tags == ("haven", "Economie") and a.authors == ("Anna de Vries", "Jan Smit")
    assert a.summary == "Een kort bezoek aan Rotterdam." and a.text == "De minister bezocht de haven."
    with pytest.raises(ContentError) as caught:
        read_markdown(b"Title: x\nDatum: 2020-01-01\n\nTekst.\n", "content/b.md")
    assert [(p.line, p.message[:40]) for p in caught.value.problems] == [
        (1, "front matter is missing the required key"), (2, "unknown front-matter key 'Datum'; known ")]
    with pytest.raises(ContentError, match="missing front matter"):  # text that merely starts with a colon
        read_markdown(b"Let op: dit is geen kop.\n", "content/c.md")


@pytest.mark.parametrize(("written", "day"), [
    ("2023-03-14 09:30", "2023-03-14"), ("2023-03-14T23:30:00+01:00", "2023-03-14"),
    ("2023-03-14T23:30:00.5Z", "2023-03-14"), ("'2023-03-14T09:30:00-05:00'", "2023-03-14"),
])
def test_a_date_with_a_time_of_day_is_its_day_as_written(written, day):
    assert _read(f"---\ntitle: x\ndate: {written}\n---\nTekst.\n").date.iso() == day


def test_hugo_shortcodes_are_refused_with_what_to_do_and_figures_become_photos():
    raw = (b"---\ntitle: x\ndate: 2022-01-05\n---\nMet {{< figure src=\"a.jpg\" caption=\"Foto\" >}} erin.\n\n"
           b"Zie [dit]({{< ref path=\"posts/b.md\" lang=\"en\" >}}) en `{{< code >}}`.\n\n{{% notice info %}}\nLet op\n"
           b"{{< youtube >}}.\n{{% /notice %}}\n\n```\n{{< youtube def >}}\n```\n\n{{< figure\n caption=\"Geen foto\" >}}\n")
    with pytest.raises(ContentError) as caught:
        read_markdown(raw, "content/a.md")
    assert [(p.line, p.message.split(" would")[0]) for p in caught.value.problems] == [
        (7, "Hugo shortcode '{{< ref path=\"posts/b.md\" lang=\"en\" >}}'"),  # a ref to another language's
        (9, "Hugo shortcode '{{% notice info %}}'"),
        (11, "Hugo shortcode '{{< youtube >}}'"),  # an embed without its id
        (18, "Hugo shortcode '{{< figure\\ncaption=\"Geen foto\" >}}'"),  # a figure without a photo is not read
    ]  # not the one in code, nor the end of the paired one, nor the figure on one line
    assert "give its id (youtube, vimeo, instagram)" in caught.value.problems[2].message
    assert "![what it shows](photo.jpg" in caught.value.problems[3].message
    # a figure on one line is the Markdown photo it shows: published, sized and captioned like one
    figure = (b"---\ntitle: x\ndate: 2022-01-05\n---\nTekst.\n\n{{< figure src=\"beelden/brug.jpg\" "
              b"caption='De \"brug\" bij avond' alt=\"De brug\" >}}\n\n`{{< figure src=\"x.jpg\" >}}` is code.\n")
    a = read_markdown(figure, "content/a.md")
    assert a.resources == (("content/beelden/brug.jpg", 7),)
    assert ('<figure>\n<img src="../../../media/content/beelden/brug.jpg" alt="De brug" />\n'
            "<figcaption>De \"brug\" bij avond</figcaption></figure>") in a.skeleton
    assert "<code>{{&lt; figure src=&quot;x.jpg&quot; &gt;}}</code>" in a.skeleton
    # so is a figure over several lines, one parameter a line; the lines after it keep their numbers
    figure = (b"---\ntitle: x\ndate: 2022-01-05\n---\nTekst.\n\n{{< figure src=\"beelden/brug.jpg\"\n"
              b"    alt=\"De brug\"\n    caption=\"De brug bij avond.\n      Foto: Jan Smit\" >}}\n\n"
              b"Zie ook ![kaart](beelden/kaart.png).\n\n```\n{{< figure src=\"x.jpg\"\n  caption=\"code\" >}}\n```\n")
    a = read_markdown(figure, "content/a.md")
    assert a.resources == (("content/beelden/brug.jpg", 7), ("content/beelden/kaart.png", 12))
    assert ('<figure>\n<img src="../../../media/content/beelden/brug.jpg" alt="De brug" />\n'
            "<figcaption>De brug bij avond. Foto: Jan Smit</figcaption></figure>") in a.skeleton
    assert "{{&lt; figure src=&quot;x.jpg&quot;\n  caption=&quot;code&quot; &gt;}}" in a.skeleton  # code stays code


def test_old_addresses_keep_a_moved_archive_reachable(tmp_path, embedded_annotator):
    article = "---\ntitle: {title}\ndate: {date}\n---\nDe minister bezocht de haven van Rotterdam.\n"
    site = make_site(tmp_path / "s", {
        "content/posts/Haven Bezoek/index.md": article.format(title="Minister bezoekt de haven", date="2023-03-14"),
        "content/posts/brug.md": article.format(title="Nieuwe brug", date="2023-04-02"),
        "content/nieuws.md": article.format(title="Nieuws", date="2023-05"),
    }, 'title = "Archief"\nold_addresses = ["{folder}/{name}/", "{year}/{month}/{day}/{slug}.html"]\n')
    with pytest.raises(ProblemsError) as caught:  # a month without a day gives no {day}
        build(site, annotator=embedded_annotator)
    assert [str(p) for p in caught.value.problems] == [
        ("content/nieuws.md: old_addresses: '{year}/{month}/{day}/{slug}.html' needs the day of the month, and the "
        "article's date 2023-05 has none")]
    (site / "sitegen.toml").write_text('title = "Archief"\nold_addresses = ["{folder}/{name}/"]\n', encoding="utf-8")
    build(site, annotator=embedded_annotator)
    out = site / "build"
    for old, new in [("posts/haven-bezoek/index.html", "2023/03/minister-bezoekt-de-haven/"),
                     ("posts/brug/index.html", "2023/04/nieuwe-brug/"), ("nieuws/index.html", "2023/05/nieuws/")]:
        redirect = (out / old).read_text(encoding="utf-8")
        depth = old.count("/")
        assert f'url={"../" * depth}{new}"' in redirect, (old, redirect)
        assert (out / new / "index.html").is_file()
    # two articles given one old address: both named, the build refused
    (site / "content" / "oud").mkdir()
    (site / "content" / "oud" / "brug.md").write_text(article.format(title="Oude brug", date="2020-01-02"),
                                                        encoding="utf-8")
    (site / "sitegen.toml").write_text('title = "Archief"\nold_addresses = ["{name}/"]\n', encoding="utf-8")
    with pytest.raises(ProblemsError, match="content/oud/brug.md: alias 'brug/' is also an old address of content/posts/brug.md"):
        build(site, annotator=embedded_annotator)


@pytest.mark.parametrize("patterns", ['["{year}/{month}/"]', '["posts/{title}/"]', '["{name"]', '"posts/{name}/"'])
def test_old_address_patterns_are_checked_when_the_site_is_read(tmp_path, patterns):
    from sitegen.config import load_config
    from sitegen.errors import ConfigError

    site = make_site(tmp_path / "c", {}, f'title = "x"\nold_addresses = {patterns}\n')
    with pytest.raises(ConfigError, match="sitegen.toml:2: old_addresses: expected a list of at most 8 address"):
        load_config(site)


def test_hugo_json_front_matter():
    a = _read('{\n  "title": "Haven",\n  "date": "2023-03-14T09:30:00+01:00",\n  "categories": ["Economie"]\n}\n\n'
              'De minister bezocht de haven.\n')
    assert (a.title, a.date.iso(), a.tags, a.text) == ("Haven", "2023-03-14", ("Economie",), "De minister bezocht de haven.")
    for text, line, words in [
        ('{\n  "title": "x",\n  "date": "2022-13-01"\n}\n\nTekst.\n', 3, "date: month must be 01–12"),
        ('{"title": "x", "date": "2022-01-02"} Tekst.\n', 1, "the text starts on the line after"),
        ('{"title": "x",\n "date": \n', 3, "front matter is not valid JSON"),
        ('{"title": "x", "date": "2022-01-02", "aliases": ' + "[" * 5000 + "]" * 5000 + "}\nTekst.\n", 1, "not valid JSON"),
    ]:
        with pytest.raises(ContentError) as caught:
            _read(text)
        assert caught.value.line == line and words in str(caught.value), str(caught.value)


def test_a_jekyll_post_takes_its_date_from_its_file_name(tmp_path):
    a = read_markdown(b"---\ntitle: Haven\n---\nTekst.\n", "_posts/2023-03-14-haven-bezoek.md")
    assert a.date.iso() == "2023-03-14"
    given = read_markdown(b"---\ntitle: Haven\ndate: 2023-03-15 10:00\n---\nTekst.\n", "_posts/2023-03-14-haven.md")
    assert given.date.iso() == "2023-03-15"  # the front matter's date wins, as in Jekyll
    with pytest.raises(ContentError, match="missing the required key 'date'"):
        read_markdown(b"---\ntitle: Haven\n---\nTekst.\n", "_posts/haven.md")
    # a Jekyll site's posts folder as the content folder, its old addresses kept
    site = make_site(tmp_path / "s", {"_posts/2023-03-14-haven-bezoek.md": "---\ntitle: Minister bezoekt de haven\n"
                                      "layout: post\n---\nTekst.\n"},
                     'content_dirs = ["_posts"]\nunknown_front_matter = "params"\n'
                     'old_addresses = ["{year}/{month}/{day}/{undated_name}.html"]\n')
    from sitegen.config import load_config
    from sitegen.load.old_addresses import with_old_addresses

    config = load_config(site)
    loaded = load_articles(site, config.content_dirs, keep_unknown_keys=True)
    (article,), problems = with_old_addresses(loaded.articles, config.old_addresses, config.content_dirs)
    assert problems == [] and article.aliases == ("2023/03/14/haven-bezoek.html",)


def test_the_preview_image_can_be_named_in_the_front_matter(tmp_path, embedded_annotator):
    """``image`` (Hugo: ``images``; themes: ``featured_image``) is the photo link previews show:
    beside the article it is published and sized like the text's photos; in the static
    folder or at an https address it is used as it is; a missing static photo is refused."""
    from .conftest import png

    article = "---\ntitle: {title}\ndate: 2023-03-{day}\n{image}\n---\nTekst met ![foto](beelden/a.png).\n"
    site = make_site(tmp_path / "s", {
        "content/een.md": article.format(title="Een", day="01", image="image: beelden/voorplaat.png"),
        "content/twee.md": article.format(title="Twee", day="02", image='images: ["/img/haven.png"]'),
        "content/drie.md": article.format(title="Drie", day="03", image="featured_image: https://cdn.example.org/x.jpg"),
        "content/vier.md": article.format(title="Vier", day="04", image="summary: geen foto"),
        "content/beelden/a.png": png(8, 8),
        "content/beelden/voorplaat.png": png(16, 8),
    }, 'title = "Archief"\nbase_url = "https://example.org/archief/"\n')
    with pytest.raises(ProblemsError, match=r"content/twee.md:4: image: '/img/haven.png' is not in the static "
                                            r"folder \(static/img/haven.png does not exist\)"):
        build(site, annotator=embedded_annotator)
    (site / "static" / "img").mkdir(parents=True)
    (site / "static" / "img" / "haven.png").write_bytes(png(8, 8))
    build(site, annotator=embedded_annotator)
    out = site / "build"

    def preview(slug: str) -> str:
        page = (out / "2023" / "03" / slug / "index.html").read_text(encoding="utf-8")
        return re.search(r'<meta property="og:image" content="([^"]*)"', page)[1]

    assert preview("een") == "https://example.org/archief/media/content/beelden/voorplaat.png"
    assert (out / "media" / "content" / "beelden" / "voorplaat.png").is_file()  # published, though the text does not show it
    assert preview("twee") == "https://example.org/archief/img/haven.png"
    assert preview("drie") == "https://cdn.example.org/x.jpg"
    assert preview("vier") == "https://example.org/archief/media/content/beelden/a.png"  # the text's first photo


def test_hugo_refs_link_to_the_articles_they_name(tmp_path, embedded_annotator):
    """``{{< ref >}}`` and ``{{< relref >}}`` find their file as Hugo does: beside the page,
    then from the content folder (``/posts/b`` from it only), with or without ``.md``, or a
    page bundle's ``index.md``; one that names no file is refused with its line."""
    site = make_site(tmp_path / "s", {
        "content/posts/a.md": ("---\ntitle: Eerste\ndate: 2023-03-01\n---\nZie [de brug]({{< ref \"b.md\" >}}), "
                               "[opnieuw]({{< relref \"/posts/b\" >}}) en [de haven]({{< ref \"posts/haven#kop\" >}}).\n\n"
                               "`{{< ref \"code.md\" >}}` is code.\n"),
        "content/posts/b.md": "---\ntitle: De brug\ndate: 2023-02-01\n---\nOver de brug.\n",
        "content/posts/haven/index.md": "---\ntitle: De haven\ndate: 2023-01-01\n---\n## Kop\n\nOver de haven.\n",
    })
    build(site, annotator=embedded_annotator)
    page = (site / "build" / "2023" / "03" / "eerste" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../02/de-brug/">de brug</a>' in page and '<a href="../../02/de-brug/">opnieuw</a>' in page
    assert '<a href="../../01/de-haven/#kop">de haven</a>' in page
    assert "{{&lt; ref &quot;code.md&quot; &gt;}}" in page and "sitegen-" not in page
    with pytest.raises(ContentError, match=r"a.md:5: Hugo shortcode '\{\{< ref \"b.md\" >\}\}' would be shown"):
        read_markdown(b"---\ntitle: x\ndate: 2022-01-05\n---\nZie {{< ref \"b.md\" >}}: geen link.\n", "content/a.md")
    (site / "content" / "posts" / "b.md").unlink()
    with pytest.raises(ProblemsError, match=r"content/posts/a.md:5: links to the article 'content/posts/b.md', "
                                            r"which is not in the site"):
        build(site, annotator=embedded_annotator)


def test_jekyll_links_to_posts_and_liquid(tmp_path, embedded_annotator):
    """``{% post_url name %}`` links to the post of that file name; ``{{ site.baseurl }}``
    before a site path is the path; any other Liquid in the text is refused with its line."""
    site = make_site(tmp_path / "s", {
        "_posts/2023-03-14-haven.md": ("---\ntitle: De haven\n---\nZie [de brug]({% post_url 2023-03-01-brug %}).\n\n"
                                       "En [het archief]({{ site.baseurl }}/archief/).\n\n`{% raw %}` is code.\n"),
        "_posts/2023-03-01-brug.md": "---\ntitle: De brug\n---\nOver de brug.\n",
    }, 'content_dirs = ["_posts"]\n')
    build(site, annotator=embedded_annotator)
    page = (site / "build" / "2023" / "03" / "de-haven" / "index.html").read_text(encoding="utf-8")
    # the site's own path, relative like every link of the site: it works under any base path
    assert '<a href="../de-brug/">de brug</a>' in page and '<a href="../../../archief/">het archief</a>' in page
    with pytest.raises(ContentError) as caught:
        read_markdown(b"---\ntitle: x\ndate: 2022-01-05\n---\nTekst.\n\n{% include note.html %}\n\n"
                      b"{% if x %}\nWel.\n{% endif %}\n\n{{ page.title }} en {{% notice %}}\n", "_posts/a.md")
    assert [(p.line, p.message.split(" would")[0]) for p in caught.value.problems] == [
        (7, "Jekyll's Liquid '{% include note.html %}'"), (9, "Jekyll's Liquid '{% if x %}'"),
        (13, "Hugo shortcode '{{% notice %}}'"), (13, "Jekyll's Liquid '{{ page.title }}'")]


@pytest.mark.slow
def test_a_hugo_copy_of_an_archive_builds_with_two_lines_of_config(tmp_path, embedded_annotator):
    """The benchmark's Hugo copy of its corpus (JSON front matter, a ``people`` taxonomy,
    ``content/posts/000123.md``) builds as a sitegen site, every article at its old address too."""
    import sys

    from .conftest import REPO

    sys.path.insert(0, str(REPO / "bench"))
    import generate
    import run_bench

    original = tmp_path / "original"
    generate.generate(20, original)
    build(original, annotator=embedded_annotator)
    moved = tmp_path / "moved"
    count = run_bench.hugo_corpus(original, moved)
    (moved / "sitegen.toml").write_text('title = "Verhuisd"\ncontent_dirs = ["content"]\n', encoding="utf-8")
    with pytest.raises(ProblemsError, match=r"content/posts/000000.md:1: unknown front-matter key 'people'") as caught:
        build(moved, annotator=embedded_annotator)
    # said once, after the 20 lines: which keys, in how many files, and what to do
    assert str(caught.value).endswith("\nunknown front-matter keys ('people' in 20 file(s)): put your own fields under "
                                      "'params:', or set unknown_front_matter = \"params\" in sitegen.toml to keep every "
                                      "unknown key as a param, as Hugo does")
    assert str(caught.value).count("unknown_front_matter") == 1
    (moved / "sitegen.toml").write_text('title = "Verhuisd"\ncontent_dirs = ["content"]\nunknown_front_matter = "params"\n'
                                        'old_addresses = ["posts/{name}/"]\n', encoding="utf-8")
    report = build(moved, annotator=embedded_annotator)
    assert report.articles == count == 20
    redirects = sorted((moved / "build" / "posts").glob("*/index.html"))
    assert len(redirects) == count and 'http-equiv="refresh"' in redirects[0].read_text(encoding="utf-8")


def test_hugo_embeds_become_links_to_what_they_show():
    """An archive page loads no player and tells no video site about its readers until
    they click: ``{{< youtube ID >}}`` and its kin are links to what they show."""
    raw = (b"---\ntitle: x\ndate: 2022-01-05\n---\nKijk:\n\n{{< youtube w7Ft2ymGmfc >}}\n\n"
           b"{{< tweet user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}\n\n{{< vimeo \"55073825\" >}}\n")
    a = read_markdown(raw, "content/a.md")
    for address in ("https://www.youtube.com/watch?v=w7Ft2ymGmfc", "https://x.com/SanDiegoZoo/status/1453110110599868418",
                    "https://vimeo.com/55073825"):
        assert f'<a href="{address}">{address}</a>' in a.skeleton
    with pytest.raises(ContentError, match=r"a.md:5: Hugo shortcode '\{\{< youtube \"<script>\" >\}\}'"):
        read_markdown(b"---\ntitle: x\ndate: 2022-01-05\n---\n{{< youtube \"<script>\" >}}\n", "content/a.md")
