"""Incremental rendering (render/reuse.py): after any edit, a build that reuses unchanged
pages writes exactly the bytes a from-scratch build writes, and it does reuse pages.

Each step edits the sample site (the repository's articles plus the shared seed), builds
it incrementally, then builds a fresh copy of the same sources (same annotation cache,
no previous build, no render state) and compares the two trees file for file.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from sitegen.build import RENDER_STATE, Session, build
from sitegen.model import Claim, Correction

from .conftest import REPO, add_seed, tree_digest

CONFIG = (REPO / "sitegen.toml").read_text(encoding="utf-8") + "search = false\n"


@pytest.fixture()
def site(tmp_path: Path, seed_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "seeds", root / "seeds")
    add_seed(root, seed_path, "2022-01-shared-seed.txt")
    (root / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    return root


def _reference(site: Path, tmp: Path, annotator) -> dict[str, str]:
    """A from-scratch build of the same sources, reusing only the annotation cache."""
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("build", ".sitegen-cache"))
    (fresh / ".sitegen-cache").mkdir()
    shutil.copyfile(site / ".sitegen-cache" / "annotations.sqlite", fresh / ".sitegen-cache" / "annotations.sqlite")
    report = build(fresh, annotator=annotator)
    assert report.reused == 0 and report.annotate.annotated == 0
    return tree_digest(fresh / "build")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check(site: Path, tmp: Path, annotator, *, expect_reuse: bool = True, session=None):
    """Build incrementally (with a live-server session, committing in place, when given)."""
    report = build(site, annotator=annotator, session=session, commit_in_place=session is not None)
    assert not report.fast_path
    assert tree_digest(site / "build") == _reference(site, tmp, annotator)
    if expect_reuse:
        assert report.reused > 0 and report.rendered > 0, report
    return report


@pytest.mark.parametrize("live", [False, True], ids=["cli", "live-server"])
def test_incremental_builds_equal_full_builds(site: Path, tmp_path: Path, embedded_annotator, live: bool) -> None:
    session = Session() if live else None
    first = build(site, annotator=embedded_annotator, session=session)
    assert first.reused == 0 and first.rendered > 0

    # a sentence added to one article, naming a new person and a country already on the site
    seed = site / "seeds" / "2022-01-kazachstan-onrust.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOok minister Jan Pietersen sprak in Moskou.\n",
                    encoding="utf-8")
    small = _check(site, tmp_path, embedded_annotator, session=session)
    assert small.annotate.annotated == 1
    assert small.rendered < first.rendered // 2  # most of the site was kept

    # a title shown in lists, feeds, cards and related-article boxes
    md = site / "content" / "analyse" / "2022-02-tokajev-nazarbajev.md"
    _edit(md, "Tokajev rekent af", "Tokajev rekent definitief af")
    _check(site, tmp_path, embedded_annotator, session=session)

    # its topics: a topic page gains it, another loses its last article and goes
    _edit(md, "tags: [Analyse, Kazachstan]", "tags: [Analyse, Machtsstrijd, Veiligheid]")
    topics = _check(site, tmp_path, embedded_annotator, session=session)
    assert topics.annotate.annotated == 0

    # a new date moves the article to another month, year and URL
    _edit(md, 'date: "2022-02"', 'date: "2021-03"')
    _check(site, tmp_path, embedded_annotator, session=session)

    # a new article, then the removal of another
    (site / "content" / "nieuws" / "2023-05-nieuw.md").write_text(
        '---\ntitle: "Tokajev ontmoet Poetin opnieuw"\ndate: "2023-05-04"\n---\n\n'
        "President Kassym-Jomart Tokajev sprak in Astana met Vladimir Poetin over Kazachstan.\n",
        encoding="utf-8")
    _check(site, tmp_path, embedded_annotator, session=session)
    (site / "content" / "sport" / "2022-07-rybakina-wimbledon.md").unlink()
    _check(site, tmp_path, embedded_annotator, session=session)

    # the knowledge file: an actor's description (on its page and in every tooltip card)
    _edit(site / "content" / "entities.toml", "Eerste president van Kazachstan",
          "De eerste president van Kazachstan")
    _check(site, tmp_path, embedded_annotator, expect_reuse=False, session=session)  # the pipeline changes: all re-rendered

    # a site-level template override changes every page
    (site / "themes" / "default" / "templates").mkdir(parents=True)
    shutil.copyfile(REPO / "sitegen" / "themes" / "default" / "templates" / "base.html",
                    site / "themes" / "default" / "templates" / "base.html")
    _edit(site / "themes" / "default" / "templates" / "base.html", "</footer>", "<p>Colofon</p></footer>")
    template = _check(site, tmp_path, embedded_annotator, expect_reuse=False, session=session)
    assert template.reused == 0 and template.annotate.annotated == 0


def test_quiet_edits_in_the_live_server_patch_the_last_link(site: Path, tmp_path: Path, embedded_annotator) -> None:
    """Edits that name the same actors in the same order are linked by patching the last
    result (link/quiet.py); the site is still byte for byte a fresh build's."""
    session = Session()
    first = build(site, annotator=embedded_annotator, session=session)
    assert not first.quiet_link

    # a paragraph without names at the end of an article
    seed = site / "seeds" / "2022-01-kazachstan-onrust.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nhet bleef die avond verder rustig op straat.\n",
                    encoding="utf-8")
    assert _check(site, tmp_path, embedded_annotator, session=session).quiet_link

    # words inserted before every name of another article: every offset and quoted sentence moves
    md = site / "content" / "nieuws" / "2023-02-blinken-astana.md"
    text = md.read_text(encoding="utf-8")
    body = text.index("---\n", 4) + 4
    md.write_text(text[:body] + "Een bezoek met gevolgen. " + text[body:], encoding="utf-8")
    assert _check(site, tmp_path, embedded_annotator, session=session).quiet_link

    # another topic is not quiet: the topic pages list the article; nor is another author
    _edit(md, "tags: [Buitenland, Kazachstan]", "tags: [Buitenland, Diplomatie]")
    assert not _check(site, tmp_path, embedded_annotator, session=session).quiet_link
    _edit(seed, "author Redactie Buitenland", "author Buitenlandredactie")
    assert not _check(site, tmp_path, embedded_annotator, session=session).quiet_link

    # a new name is not quiet: linked in full
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOok minister Jan Pietersen sprak in Moskou.\n",
                    encoding="utf-8")
    assert not _check(site, tmp_path, embedded_annotator, session=session).quiet_link

    # nothing the linking reads changed: the template alone
    (site / "themes" / "default" / "templates").mkdir(parents=True)
    shutil.copyfile(REPO / "sitegen" / "themes" / "default" / "templates" / "base.html",
                    site / "themes" / "default" / "templates" / "base.html")
    _edit(site / "themes" / "default" / "templates" / "base.html", "</footer>", "<p>Colofon</p></footer>")
    assert _check(site, tmp_path, embedded_annotator, expect_reuse=False, session=session).quiet_link


def test_a_tampered_output_file_is_rendered_again(site: Path, tmp_path: Path, embedded_annotator) -> None:
    build(site, annotator=embedded_annotator)
    page = site / "build" / "2022" / "01" / "index.html"
    page.write_bytes(b"tampered")
    seed = site / "seeds" / "2022-01-kazachstan-onrust.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
    report = build(site, annotator=embedded_annotator)
    assert report.reused > 0
    assert page.read_bytes() != b"tampered" and b"<html" in page.read_bytes()
    assert tree_digest(site / "build") == _reference(site, tmp_path, embedded_annotator)


def test_a_lost_render_state_renders_everything(site: Path, tmp_path: Path, embedded_annotator) -> None:
    first = build(site, annotator=embedded_annotator)
    (site / ".sitegen-cache" / RENDER_STATE).unlink()
    seed = site / "seeds" / "2022-01-kazachstan-onrust.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
    report = build(site, annotator=embedded_annotator)
    assert report.reused == 0 and report.rendered == first.rendered
    assert report.write.written < report.write.files  # unchanged bytes are still hard-linked


def _generated(root: Path, n: int) -> Path:
    import importlib.util

    spec = importlib.util.spec_from_file_location("sitegen_bench_generate", REPO / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    module.generate(n, root)
    with (root / "sitegen.toml").open("a", encoding="utf-8") as config:
        config.write("actor_page_size = 4\n")  # popular actors get many pages, each a render unit
    return root


def test_random_edits_on_a_generated_site(tmp_path: Path, embedded_annotator, seed_path: Path) -> None:
    """Edits that change what lists, cards, feeds and related boxes show of one article."""
    import random

    site = _generated(tmp_path / "gen", 150)
    add_seed(site, seed_path, "2022-01-shared-seed.txt")
    session = Session()
    build(site, annotator=embedded_annotator, session=session)
    rng = random.Random(11)
    files = sorted(p for p in (site / "content").rglob("*.md")) + sorted((site / "seeds").glob("*.txt"))
    for step in range(6):
        path = rng.choice(files)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md" and step % 3 == 0:
            lines = text.split("\n")
            lines = [f'{line[:-1]} {step}"' if line.startswith("title: ") and line.endswith('"') else line
                     for line in lines]
            text = "\n".join(lines)
        elif path.suffix == ".md" and step % 3 == 1:
            text = text.replace("\n---\n", f"\n---\n\nKorte inleiding van de redactie, versie {step}.\n", 1)
        else:
            text = text.rstrip("\n") + f"\n\nOok minister Jan Pietersen{step} sprak met Vladimir Poetin.\n"
        path.write_text(text, encoding="utf-8")
        _check(site, tmp_path, embedded_annotator, session=session if step % 2 else None)


# --- the key property, unit by unit: a unit whose rendered bytes change must change its key ---

def _linked(site: Path, annotator):
    from functools import partial

    from sitegen.annotate import annotate_articles
    from sitegen.build import _countries_of, _render_settings
    from sitegen.cache import AnnotationCache
    from sitegen.config import load_config
    from sitegen.geo import country_surface_names, load_gazetteer
    from sitegen.knowledge import load_knowledge
    from sitegen.link.actors import resolve_actors
    from sitegen.link.indexes import build_site
    from sitegen.load import load_articles
    from sitegen.model import AnnotatedArticle
    from sitegen.render.labels import labels_for
    from sitegen.render.pages import Renderer
    from sitegen.render.theme import find_theme

    config = load_config(site)
    knowledge = load_knowledge(config.knowledge_path)
    gazetteer = load_gazetteer(config.language)
    articles = load_articles(config.root, config.content_dirs, config.language, False, False).articles
    factory, fingerprint = annotator
    annotations, _ = annotate_articles(articles, factory, fingerprint, AnnotationCache(None), 1, None)
    index = resolve_actors([AnnotatedArticle(a, x) for a, x in zip(articles, annotations)], knowledge,
                           gazetteer.country_name, country_names=country_surface_names(gazetteer),
                           place_name=gazetteer.place_name)
    linked = build_site(articles, annotations, index, partial(_countries_of, gazetteer=gazetteer))
    renderer = Renderer(find_theme(config.root, config.theme), _render_settings(config), labels_for("nl"))
    return config, gazetteer, renderer, linked


def _units(site_data, gazetteer, renderer, title: str) -> dict[str, bytes]:
    """Every unit's rendered bytes, by unit id."""
    from sitegen.render import pages
    from sitegen.render.feeds import atom_feed, feed_specs
    from sitegen.render.views import ViewContext

    ctx = ViewContext(site_data, "nl", renderer.labels, gazetteer, False)
    todo = {"article": list(range(len(site_data.articles))), "actor": pages.actor_pages(site_data, renderer.settings),
            "country": list(site_data.countries), "tag": list(site_data.tags), "author": list(site_data.authors),
            "year": list(range(len(site_data.archive)))}
    out = {}
    for kind, items in todo.items():
        for unit, files in pages._render_shard((kind, tuple(items)), ctx, renderer):
            out[unit] = b"\0".join(p.encode() + b"\0" + data for p, data in files)
    for unit, whole in (("page:actors", pages._actors_index), ("page:countries", pages._countries_index),
                        ("page:archive", pages._archive_index), ("page:home", pages._home),
                        ("page:corrections", pages._corrections)):
        out[unit] = whole(ctx, renderer)[1]
    for unit, kind, entries in (("page:tags", "tag", site_data.tags), ("page:authors", "author", site_data.authors)):
        if entries:
            out[unit] = pages._names_index(ctx, renderer, kind)[1]
    out["feed:correcties/feed.xml"] = pages._corrections_feed(ctx, renderer)[1]
    out["page:404"] = renderer.page("404.html", "404.html", ctx.labels["not_found"])[1]
    out["page:search"] = renderer.page("search.html", "zoeken/", ctx.labels["search"])[1]
    for path, indices, feed_title, page, _ in feed_specs(site_data, title, gazetteer.country_name):
        out["feed:" + path] = atom_feed(site_data, indices, feed_title, path, page, "", "/", "nl")
    return out


def test_every_unit_whose_bytes_change_changes_its_key(tmp_path: Path, seed_path: Path, embedded_annotator) -> None:
    from dataclasses import replace

    from sitegen.render.feeds import feed_specs
    from sitegen.render.reuse import CARD_ARTICLES, actor_unit, site_keys
    from sitegen.render.urls import page_count

    site = _generated(tmp_path / "gen", 150)
    add_seed(site, seed_path, "2022-01-shared-seed.txt")
    config, gazetteer, renderer, linked = _linked(site, embedded_annotator)

    def keys(s):
        return site_keys(s, "scope", feed_specs(s, config.title, gazetteer.country_name),
                         actor_page_size=renderer.settings.actor_page_size).units

    def with_article(s, j, **changes):
        entry = s.articles[j]
        article = replace(entry.article, content_hash=entry.article.content_hash + "x",
                          **{k: v for k, v in changes.items() if k != "primary_country"})
        entry = replace(entry, article=article, **{k: v for k, v in changes.items() if k == "primary_country"})
        return replace(s, articles=s.articles[:j] + (entry,) + s.articles[j + 1:])

    def with_actor(s, aid, **changes):
        entry = s.actors[aid]
        return replace(s, actors={**s.actors, aid: replace(entry, **changes)})

    def on_a_card(i, j):  # article j is shown on a tooltip card of article i anyway
        return any(j in linked.actors[a].articles[:CARD_ARTICLES] for a, _ in linked.articles[i].actor_counts
                   if a in linked.actors)

    # articles that some other article shows *only* as a related article
    referenced = [j for j in range(len(linked.articles))
                  if any(j in e.related and not on_a_card(i, j) for i, e in enumerate(linked.articles))]
    assert len(referenced) >= 2
    two_countries = next(i for i, e in enumerate(linked.articles) if len(e.countries) > 1)
    busiest = max(linked.actors, key=lambda a: len(linked.actors[a].articles))
    person = next(a for a, e in linked.actors.items() if e.actor.label == "PER" and len(e.articles) > 1)
    country = max(linked.countries, key=lambda c: len(linked.countries[c].articles))
    # the busiest actor's last quote starts a character later: its last page only shows it
    contexts = list(linked.actors[busiest].contexts)
    assert len(contexts) > 2 * renderer.settings.actor_page_size
    i, start, end = contexts[-1]
    quoted_elsewhere = contexts[:-1] + [(i, start + 1, end)]
    variants = {
        "title": with_article(linked, referenced[0], title="Een geheel andere titel"),
        "summary": with_article(linked, referenced[-1], summary="Een andere samenvatting."),
        "author": with_article(linked, 0, authors=("A. Auteur",)),
        "verdict": with_article(linked, 0, claim=Claim("Een bewering", "Onwaar")),  # a badge in every list
        "primary": with_article(linked, two_countries, primary_country=next(
            c for c in linked.articles[two_countries].countries if c != linked.articles[two_countries].primary_country)),
        "description": with_actor(linked, person, actor=replace(linked.actors[person].actor, description="Anders.")),
        "fewer articles": with_actor(linked, busiest, articles=linked.actors[busiest].articles[1:]),
        "quoted sentence": with_actor(linked, busiest, contexts=quoted_elsewhere),
        "country count": replace(linked, countries={**linked.countries, country: replace(
            linked.countries[country], articles=linked.countries[country].articles[1:])}),
    }
    # versions of one article (link/translations.py): a page names its others' languages
    versions = with_article(with_article(linked, 3, translation_key="k"), 7, translation_key="k", lang="fr")
    # a correction's text (the article's own key changes with its file; the corrections page must too)
    corrected = with_article(linked, referenced[0], corrections=(
        Correction(linked.articles[referenced[0]].article.date, "Een naam was verkeerd gespeld."),))
    bases = {name: linked for name in variants} | {"translation's language": versions, "correction": corrected}
    variants["translation's language"] = with_article(versions, 7, lang="de")
    variants["language"] = with_article(linked, 0, lang="en")  # the feeds' entries say it (xml:lang)
    bases["language"] = linked
    variants["correction"] = with_article(corrected, referenced[0], corrections=(
        Correction(linked.articles[referenced[0]].article.date, "Een datum klopte niet."),))
    before = {id(base): (_units(base, gazetteer, renderer, config.title), keys(base))
              for base in (linked, versions, corrected)}
    for name, variant in variants.items():
        before_bytes, before_keys = before[id(bases[name])]
        assert set(before_keys) == set(before_bytes)
        after_bytes = _units(variant, gazetteer, renderer, config.title)
        after_keys = keys(variant)
        changed = [u for u in before_bytes if after_bytes.get(u) != before_bytes[u]]
        assert changed, f"{name}: the perturbation changed no page"
        stale = [u for u in changed if after_keys.get(u) == before_keys[u]]
        assert not stale, f"{name}: these units changed but kept their key: {stale[:5]}"
        if name == "quoted sentence":  # one page of the actor's is rendered again, not all
            assert changed == [u for u in after_keys if after_keys[u] != before_keys.get(u)] == [
                actor_unit(busiest, page_count(len(contexts), renderer.settings.actor_page_size))]


def test_unit_records_keep_the_key_and_every_path() -> None:
    from sitegen.render.reuse import record_paths, unit_record

    for paths in ([], ["2022/01/a/index.html"], ["actoren/x/index.html", "actoren/x/pagina/2/index.html"]):
        assert record_paths(unit_record("0123abcd", paths)) == ("0123abcd", paths)


def test_a_render_state_in_another_format_renders_everything(site: Path, tmp_path: Path, embedded_annotator) -> None:
    """An older sitegen's state (unit → [key, [paths]]) is not misread: one full render."""
    import json

    from sitegen.render.reuse import record_paths

    first = build(site, annotator=embedded_annotator)
    state = site / ".sitegen-cache" / RENDER_STATE
    records = json.loads(state.read_text(encoding="utf-8"))
    state.write_text(json.dumps({unit: list(record_paths(r)) for unit, r in records.items()}), encoding="utf-8")
    seed = site / "seeds" / "2022-01-kazachstan-onrust.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
    report = build(site, annotator=embedded_annotator)
    assert report.reused == 0 and report.rendered == first.rendered
    assert tree_digest(site / "build") == _reference(site, tmp_path, embedded_annotator)
