"""Issue 10: hostile content never runs as code.

Script payloads go into every place a user controls — article titles, bodies, authors,
entity names (found by the annotator), knowledge-file descriptions and the site's config
strings. The built site is checked twice: statically with lxml (no inline scripts, no
event-handler attributes, no ``javascript:`` URLs, feeds and JSON still well-formed, the
payload text shown literally) and dynamically in headless Chromium, where every payload
would set ``window.__pwned`` or open a dialog if it ever ran.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from sitegen.model import Annotation, Mention

from .conftest import make_site
from .test_tooltips_browser import CHROMIUM, LAUNCH_ARGS, _playwright, serve_folder

# Each payload sets window.__pwned (or opens a dialog) if the browser ever runs it.
SCRIPT = '"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
BREAKOUT = "</textarea></title></style></script><svg onload=window.__pwned=3>"
QUOTES = "' onmouseover='window.__pwned=4' x='"
HOSTILE_NAME = 'Jan "<b>Bad</b>" Smit'  # an entity whose own text has quotes and angle brackets
KNOWN_NAME = "Almaty <img src=x onerror=window.__pwned=9> 'stad'"  # a canonical name from entities.toml
TRAVERSAL = "../../../buiten"  # an entity whose name looks like a path
PAYLOAD = SCRIPT + BREAKOUT + QUOTES


class MarkerAnnotator:
    """Deterministic stand-in for the NLP stage: tags fixed strings wherever they occur."""

    fingerprint = "hostile-test-1"
    targets = (("Tokajev", "PER"), (HOSTILE_NAME, "PER"), ("Kazachstan", "LOC"), ("Almaty", "LOC"),
               (TRAVERSAL, "ORG"))

    def annotate(self, texts):
        out = []
        for text in texts:
            mentions = [
                Mention(m.start(), m.end(), label, word)
                for word, label in self.targets
                for m in re.finditer(re.escape(word), text)
            ]
            mentions.sort(key=lambda m: (m.start, m.end))
            out.append(Annotation(tuple(mentions), ((0, len(text)),)))
        return out


def _toml(value: str) -> str:
    return "'''" + value + "'''"


def _yaml(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    config = f"title = {_toml('Archief ' + PAYLOAD)}\ndescription = {_toml('Over ' + PAYLOAD)}\n"
    knowledge = (
        '[[actor]]\nname = "Kassym-Jomart Tokajev"\ntype = "PER"\naliases = ["Tokajev"]\n'
        f"description = {_toml('Beschrijving ' + PAYLOAD + ' javascript:alert(1)')}\ncountry = \"KZ\"\n"
        f'\n[[actor]]\nname = {_toml(KNOWN_NAME)}\ntype = "LOC"\naliases = ["Almaty"]\n'
        f"description = {_toml(BREAKOUT)}\n"
    )
    markdown = (
        f"---\ntitle: {_yaml('Titel ' + PAYLOAD)}\nauthor: {_yaml(BREAKOUT)}\n"
        f"summary: {_yaml(PAYLOAD)}\ndate: 2022-01-02\ntags: [{_yaml(BREAKOUT)}, {_yaml(QUOTES)}]\n---\n"
        f"Tokajev sprak over Kazachstan. {PAYLOAD} {HOSTILE_NAME} sprak ook.\n\n"
        "[klik](javascript:window.__pwned=5) [Klik](JaVaScRiPt:alert(1)) ![beeld](javascript:alert(1)) "
        "<javascript:alert(1)> [data](data:text/html,<script>alert(1)</script>) [vb](vbscript:msgbox(1)) "
        "[spatie]( javascript:alert(1)) [tab](java\tscript:alert(1))\n\n"
        "<script>window.__pwned=6</script>\n\n<iframe src=javascript:alert(1)></iframe>\n\n"
        "`<script>window.__pwned=7</script>`\n\n```\n</pre><script>window.__pwned=8</script>\n```\n"
    )
    seed = (
        f"date 2022-01-03\ntitle Seed {PAYLOAD}\nauthor {BREAKOUT}\n\n"
        f"Tokajev en {HOSTILE_NAME} in Kazachstan en Almaty. {PAYLOAD} Zie {TRAVERSAL}.\n\n"
        f"Tussenkop {BREAKOUT}\n\nLees ook: ‘{SCRIPT}’\n"
    )
    site = make_site(root / "site", {"content/entities.toml": knowledge, "content/a.md": markdown,
                                     "seeds/b.txt": seed}, config=config)
    annotator = MarkerAnnotator()
    from sitegen.build import build

    build(site, annotator=(lambda: annotator, annotator.fingerprint), use_cache=False)
    return site / "build"


def _pages(build_dir: Path) -> list[Path]:
    return sorted(build_dir.rglob("*.html"))


def test_no_script_or_handler_is_injected_into_html(hostile_build):
    pages = _pages(hostile_build)
    assert len(pages) >= 8
    for page in pages:
        tree = lxml.html.fromstring(page.read_bytes())
        where = page.relative_to(hostile_build).as_posix()
        for script in tree.xpath("//script[@type='application/ld+json']"):  # data, never run
            json.loads(script.text)  # stays one well-formed JSON value whatever the payloads
            assert "<" not in script.text and "'" not in script.text, where  # escaped as \\u003c, \\u0027
        for script in tree.xpath("//script[not(@type='application/ld+json')]"):
            src = script.get("src") or ""
            assert src and re.search(r"(^|/)static/[\w.-]+\.js$", src), (where, lxml.html.tostring(script))
            assert not (script.text or "").strip(), where
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            assert el.tag not in ("iframe", "object", "embed", "textarea", "svg", "img", "base", "style") \
                or el.tag == "svg" and "tijdlijn" in (el.get("class") or ""), (where, el.tag)
            for attr, value in el.attrib.items():
                assert not attr.lower().startswith("on"), (where, el.tag, attr)
                if attr in ("href", "src", "action", "formaction", "xlink:href"):
                    scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                    assert not scheme.startswith(("javascript:", "vbscript:", "data:")), (where, value)


def test_payload_text_is_shown_literally_not_lost(hostile_build):
    (article,) = hostile_build.glob("2022/01/titel-*/index.html")
    tree = lxml.html.fromstring(article.read_bytes())
    assert tree.xpath("string(//article//h1)") == "Titel " + " ".join(PAYLOAD.split())
    body = tree.xpath("string(//div[contains(@class,'article-body')])")
    assert SCRIPT in body and BREAKOUT in body  # escaped, so it reads as text
    assert "<script>window.__pwned=6</script>" in body  # raw HTML is off: shown, not run
    assert tree.xpath("//title")[0].text.startswith("Titel ")
    assert tree.xpath("//meta[@name='description']/@content") == [PAYLOAD]  # the article's summary
    (data,) = [json.loads(s.text) for s in tree.xpath("//script[@type='application/ld+json']")]
    assert data["headline"] == "Titel " + " ".join(PAYLOAD.split()) and data["author"]["name"] == BREAKOUT
    home = lxml.html.fromstring((hostile_build / "index.html").read_bytes())
    assert "Over " in home.xpath("//meta[@name='description']/@content")[0]  # the site's description
    assert sorted(tree.xpath("//a[@class='tag']/text()")) == sorted([BREAKOUT, QUOTES])  # topics, as text
    (topic,) = [p for p in hostile_build.glob("onderwerpen/*/index.html")
                if lxml.html.fromstring(p.read_bytes()).xpath("string(//h1)") == BREAKOUT]
    assert (topic.parent / "feed.xml").is_file()


def test_entity_names_with_quotes_and_brackets_are_escaped_in_cards_and_attributes(hostile_build):
    (article,) = hostile_build.glob("2022/01/seed-*/index.html")
    tree = lxml.html.fromstring(article.read_bytes())
    mention = [a for a in tree.xpath("//a[contains(@class,'ent')]") if a.text_content() == HOSTILE_NAME]
    assert mention, "the hostile name must still be linked"
    actor_id = mention[0].get("data-actor")
    assert re.fullmatch(r"[a-z0-9-]+", actor_id), actor_id
    assert mention[0].get("aria-describedby") == f"kaart-{actor_id}"
    (card,) = tree.xpath(f"//div[@id='kaart-{actor_id}']")
    assert card.xpath("string(.//p[@class='kaart-naam']/strong)") == HOSTILE_NAME
    assert not card.xpath(".//b")  # the <b> in the name is text, not markup
    (tokajev,) = tree.xpath("//div[@id='kaart-kassym-jomart-tokajev']")
    description = tokajev.xpath("string(.//p[@class='kaart-beschrijving'])")
    assert SCRIPT in description and not tokajev.xpath(".//script|.//img|.//svg")
    actor_page = hostile_build / "actoren" / actor_id / "index.html"
    assert HOSTILE_NAME in lxml.html.fromstring(actor_page.read_bytes()).xpath("string(//h1)")


def test_knowledge_file_names_and_descriptions_are_escaped(hostile_build):
    (article,) = hostile_build.glob("2022/01/seed-*/index.html")
    tree = lxml.html.fromstring(article.read_bytes())
    cards = [c for c in tree.xpath("//div[@role='tooltip']")
             if c.xpath("string(.//p[@class='kaart-naam']/strong)") == KNOWN_NAME]
    assert len(cards) == 1, "the canonical name from entities.toml is shown literally"
    assert re.fullmatch(r"kaart-[a-z0-9-]+", cards[0].get("id"))
    assert not cards[0].xpath(".//img|.//svg|.//textarea|.//script")
    assert BREAKOUT in cards[0].xpath("string(.//p[@class='kaart-beschrijving'])")


def test_feeds_sitemap_and_json_stay_well_formed(hostile_build):
    feeds = sorted(hostile_build.rglob("*.xml"))
    assert feeds
    for feed in feeds:
        root = lxml.etree.fromstring(feed.read_bytes())  # raises if a payload broke the XML
        for el in root.iter():
            assert not (isinstance(el.tag, str) and el.tag.endswith("}script")), feed
    data = json.loads((hostile_build / "data" / "annotaties.json").read_text(encoding="utf-8"))
    assert HOSTILE_NAME in [actor["name"] for actor in data["actors"]]


def test_output_stays_inside_build(hostile_build):
    site = hostile_build.parent
    actors = sorted(p.name for p in (hostile_build / "actoren").iterdir() if p.is_dir())
    assert all(re.fullmatch(r"[a-z0-9-]+", name) for name in actors), actors
    assert any("buiten" in name for name in actors), "the path-like entity still gets a page, inside build/"
    stray = [p for p in site.rglob("*") if p.is_file()
             and not p.is_relative_to(hostile_build)
             and p.relative_to(site).parts[0] not in ("content", "seeds", "sitegen.toml", ".sitegen-cache")]
    assert stray == []
    assert [p.name for p in site.parent.iterdir()] == [site.name], "nothing written next to the site"


@pytest.mark.browser
def test_no_payload_runs_in_chromium(hostile_build):
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    sync_playwright = _playwright()
    server, base = serve_folder(hostile_build)
    dialogs: list[str] = []
    errors: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
            context = browser.new_context()
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            for path in _pages(hostile_build):
                url = base + path.relative_to(hostile_build).as_posix()
                page.goto(url)
                page.wait_for_load_state("load")
                for link in page.locator("a.ent").all()[:6]:  # open cards: tooltip.js copies no HTML
                    link.hover()
                    page.wait_for_timeout(550)
                    link.focus()
                page.mouse.move(1, 1)
                assert page.evaluate("typeof window.__pwned") == "undefined", url
            search = hostile_build / "zoeken" / "index.html"
            if search.exists():  # the search page renders titles found in the index
                page.goto(base + "zoeken/")
                box = page.locator("input[type=search], input").first
                if box.count():
                    box.fill("pwned")
                    page.wait_for_timeout(1500)
                    assert page.evaluate("typeof window.__pwned") == "undefined"
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert dialogs == []
    assert not [e for e in errors if "pwned" in e], errors
