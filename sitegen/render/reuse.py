"""Incremental rendering: a page whose inputs did not change is not rendered again.

Every *render unit* (an article page, an actor page, a country's list pages, a year's
archive pages, a feed) gets a key: a digest of the data its renderer reads from the
linked site, and of everything global (theme, render settings, labels, NLP pipeline,
sitegen's own code). The keys of the last build are kept beside the write manifest. A
unit whose key is unchanged, and whose files in ``build/`` are still exactly what the
manifest recorded, is not rendered: its paths are yielded with ``REUSED`` instead of
bytes and the write stage hard-links the old files. A one-article edit thus renders the
article and the pages that show it, not the whole site.

The keys come from the site in one cheap pass: per article one digest of its identity
(source path and content hash, which fix its text and annotation; which mentions survived
linking and their actors) and one of its *card* (what lists, cards and feeds show of it);
then per unit a digest of what it shows. A key that left something out would serve a
stale page, so each key function mirrors one function of ``views.py``/``pages.py``/
``feeds.py``, and the tests compare incremental builds with full ones byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..jsonfile import save_json
from ..link.indexes import Site
from ..link.translations import translations
from ..load.fields import tag_slug
from ..load.resources import published_path
from ..model import REUSED, SitePage  # noqa: F401 - REUSED re-exported for the renderers
from ..photos import Photo
from . import urls

CARD_ARTICLES = 4  # a tooltip card lists at most the first RECENT_IN_CARD + 1 articles (views.card)
FEED_ARTICLES = 30  # feeds.FEED_SIZE
HOME_ARTICLES = 10  # pages.HOME_LATEST

Unit = str  # "article:<url path>", "actor:<id>" (page 1), "actor:<id>#<n>" (page n), "country:<code>",
#             "tag:<slug>", "author:<slug>", "year:<yyyy>", "feed:<path>", "page:<name>", "sitepage:<url path>"


def actor_unit(actor_id: str, page: int) -> Unit:
    """One page of an actor's: the unit of its own, so an edit re-renders only the pages
    that quote the edited article (a popular actor has dozens), and page 1 for its counts."""
    return "actor:" + actor_id if page == 1 else f"actor:{actor_id}#{page}"


def digest(*parts: object) -> str:
    """A short stable digest of plain data (str, int, None, tuples and lists of them).

    ``marshal`` format 2 has no back-references, so equal values give equal bytes in every
    process; it is several times faster than ``repr``. Anything it cannot encode (a
    dataclass, a custom sequence) is digested through its ``repr``, which must be stable.
    """
    try:
        data = marshal.dumps(parts, 2)
    except ValueError:
        data = repr(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=12).hexdigest()


@dataclass(frozen=True, slots=True)
class SiteKeys:
    """The key of every render unit of one build, and the per-article digests behind them."""

    units: dict[Unit, str]
    cards: tuple[str, ...]  # per article: what lists, cards and feeds show of it
    exports: tuple[str, ...]  # per article: its entry in the JSON export (feeds.export_json_chunks)


def site_keys(site: Site, scope: str, feeds: Sequence[tuple[str, Sequence[int], str, str, str]] = (),
              pages: Sequence[SitePage] = (), image_sizes: Mapping[str, Photo] | None = None, *,
              actor_page_size: int) -> SiteKeys:
    """Keys for every unit of ``site``; ``scope`` digests everything global to the build
    (the menu of the site's own pages is in the render settings, hence in ``scope``).
    ``actor_page_size``: quoted articles a page (``RenderSettings``), which splits each
    actor into its page units.

    ``feeds``: the feed specs (path, articles, title, page, unit of that page) of ``feeds.feed_specs``;
    ``pages``: the site's own pages (``load.page_reader``); ``image_sizes``: the photos
    they show, published path → size and smaller copies (``photos.Photo``).
    """
    sizes = image_sizes or {}

    def sizes_of(resources: Sequence[tuple[str, int]]) -> tuple:  # render/images.py writes them into the body
        return tuple(_plain(sizes.get(published_path(target))) for target, _ in resources) if sizes else ()

    arts = site.articles
    identities = [_mention_identity(e.mentions) for e in arts]
    mention_ids = [ids for _, ids in identities]
    ident = [digest(e.article.path, e.article.content_hash, *identity) for e, identity in zip(arts, identities)]
    cards = tuple(
        digest(a.title, a.url_path, a.date.iso(), a.summary, a.authors, e.primary_country, a.updated,
               a.claim.verdict if a.claim else "")
        for e in arts for a in (e.article,)
    )
    country_count = {code: len(c.articles) for code, c in site.countries.items()}
    actor_basic = {aid: repr((e.actor, len(e.articles))) for aid, e in site.actors.items()}
    actor_card = {
        aid: digest(actor_basic[aid], tuple(cards[j] for j in e.articles[:CARD_ARTICLES]))
        for aid, e in site.actors.items()
    }
    # a page that links to other articles by their file shows their URLs (render.body)
    linking = any(e.article.article_links for e in arts) or any(p.article_links for p in pages)
    page_of = {e.article.path: e.article.url_path for e in arts} | {p.path: p.url_path for p in pages} if linking else {}
    units: dict[Unit, str] = {}
    versions = translations([e.article for e in arts])
    for i, e in enumerate(arts):
        known = sorted({aid for aid in mention_ids[i] if aid in site.actors})
        units["article:" + e.article.url_path] = digest(
            scope, ident[i], cards[i],
            tuple((aid, n, actor_basic.get(aid)) for aid, n in e.actor_counts),
            tuple((code, country_count.get(code, 0)) for code in e.countries),
            tuple(cards[j] for j in e.related),
            (cards[i + 1] if i + 1 < len(arts) else None, cards[i - 1] if i else None),  # older, newer
            tuple((cards[j], arts[j].article.lang) for j in versions[i]),  # other languages (link.translations)
            tuple((t, arts[j].article.url_path if j >= 0 else None) for t, j in e.read_also),
            tuple((aid, actor_card[aid]) for aid in known),
            tuple(page_of.get(path) for path, _ in e.article.article_links),
            tuple(site.tags[tag_slug(t)].name for t in e.article.tags),  # shown as the site spells them
            sizes_of(e.article.resources),
        )
    for aid, e in site.actors.items():  # pages._actor_pages
        actor = e.actor
        contexts = e.contexts
        # on every page: who the actor is, its counts, and the pager (which page of how many)
        head = (scope, aid, actor_basic[aid], e.mention_count, (actor.country, country_count.get(actor.country)),
                len(contexts))
        for page in range(1, urls.page_count(len(contexts), actor_page_size) + 1):
            quoted = tuple((cards[i], ident[i], s, end)
                           for i, s, end in contexts[(page - 1) * actor_page_size : page * actor_page_size])
            units[actor_unit(aid, page)] = digest(
                *head, page, quoted,
                *((tuple(e.timeline), tuple((b, n, actor_basic.get(b)) for b, n in e.co_actors)) if page == 1 else ()),
            )
    for code, c in site.countries.items():
        units["country:" + code] = digest(
            scope, code, tuple(cards[i] for i in c.articles), sorted(arts[i].article.url_path for i in c.primary),
        )
    for kind, entries in site.named():
        for slug, entry in entries.items():
            units[f"{kind}:{slug}"] = digest(scope, slug, entry.name, tuple(cards[i] for i in entry.articles))
    for year, months in site.archive:
        units[f"year:{year}"] = digest(scope, year, tuple((m, tuple(cards[i] for i in items)) for m, items in months))
    for path, indices, title, page, shown_on in feeds:
        # a country's or topic's feed shows part of what its page shows (the same cards in
        # the same order), so that page's key stands for its cards; an actor's page 1 may
        # quote fewer articles than its feed shows, so an actor feed's cards are its own
        shown = (not shown_on.startswith("actor:") and units.get(shown_on)
                 or tuple(cards[i] for i in indices[:FEED_ARTICLES]))
        # entries name their topics and their language (feeds.atom_feed), which no page key covers
        units["feed:" + path] = digest(scope, path, title, page, shown,
                                       tuple((arts[i].article.tags, arts[i].article.lang)
                                             for i in indices[:FEED_ARTICLES]))
    for i, e in enumerate(arts):  # an article's old addresses (pages._redirect_page)
        for alias in e.article.aliases:
            output = urls.alias_output(alias)
            units["alias:" + output] = digest(scope, output, e.article.url_path, e.article.title)
    # the pages that show the whole site (pages._plan): what each lists, in its order
    actor_list = tuple((aid, actor_basic[aid], e.mention_count) for aid, e in site.actors.items())
    country_list = tuple(sorted(country_count.items()))
    archive_list = tuple((year, tuple((m, len(items)) for m, items in months)) for year, months in site.archive)
    units["page:actors"] = digest(scope, actor_list)
    units["page:countries"] = digest(scope, country_list)
    tag_list = tuple((slug, tag.name, len(tag.articles)) for slug, tag in site.tags.items())
    author_list = tuple((slug, author.name, len(author.articles)) for slug, author in site.authors.items())
    units["page:archive"] = digest(scope, archive_list, bool(tag_list), bool(author_list))
    units["page:corrections"] = digest(scope, tuple(  # views.corrections_view: each with its article's card
        (i, cards[i], tuple((c.date.iso(), c.text) for c in e.article.corrections))
        for i, e in enumerate(arts) if e.article.corrections))
    units["feed:correcties/feed.xml"] = digest("feed", units["page:corrections"])  # pages._corrections_feed
    if tag_list:
        units["page:tags"] = digest(scope, tag_list)
    if author_list:
        units["page:authors"] = digest(scope, author_list)
    units["page:home"] = digest(scope, cards[:HOME_ARTICLES], actor_list, country_list, archive_list)
    units["page:404"] = units["page:search"] = digest(scope)
    for p in pages:  # pages.page_unit, views.page_view
        units["sitepage:" + p.url_path] = digest(scope, p.path, p.url_path, p.title, p.summary, p.lang, p.draft,
                                                 p.updated and p.updated.iso(), p.content_hash,
                                                 tuple(page_of.get(path) for path, _ in p.article_links),
                                                 sizes_of(p.resources))
    exports = tuple(digest(scope, ident[i], cards[i], e.countries) for i, e in enumerate(arts))
    return SiteKeys(units, cards, exports)


def _mention_identity(mentions: Iterable) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Which mentions survived linking (by start offset) and their actor ids."""
    identity = getattr(mentions, "identity", None)
    if identity is not None:  # link.actors.ResolvedMentions, without making a ResolvedMention each
        return identity()
    pairs = [(rm.mention.start, rm.actor_id) for rm in mentions]
    return tuple(s for s, _ in pairs), tuple(a for _, a in pairs)


# One unit's record, as kept between builds: its key, then its output paths, joined by NUL
# (no file name holds one). One string a unit instead of a key, a list and a string per
# path: the build server reads the last build's 18,000 records at 10k on every edit.
SEP = "\0"


def unit_record(key: str, paths: Sequence[str]) -> str:
    return SEP.join((key, *paths))


def record_paths(record: str) -> tuple[str, list[str]]:
    """A unit record's key and paths."""
    key, _, rest = record.partition(SEP)
    return key, rest.split(SEP) if rest else []


@dataclass
class RenderReuse:
    """Decides, unit by unit, whether the previous build's files can stand; records this build's.

    ``previous``: unit → record (``unit_record``: key and paths) from the last build;
    ``intact(path)``: the previous file at ``path`` is still what the write manifest
    recorded. ``state`` collects this build's records for the next one (saved only after
    a successful write).
    """

    keys: dict[Unit, str]
    previous: dict[Unit, str]
    intact: Callable[[str], bool]
    state: dict[Unit, str] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0

    def reusable(self, unit: Unit) -> list[str] | None:
        """The unit's previous paths if none of its inputs changed, else None."""
        key = self.keys.get(unit)
        before = self.previous.get(unit)
        if key is None or before is None:
            return None
        old_key, paths = record_paths(before)
        if old_key != key or not all(map(self.intact, paths)):
            return None
        self.state[unit] = before
        self.reused += 1
        return paths

    def record(self, unit: Unit, paths: list[str]) -> None:
        key = self.keys.get(unit)
        if key is not None:
            self.state[unit] = unit_record(key, paths)
        self.rendered += 1


def load_state(path: Path | None) -> dict[Unit, str]:
    """The previous build's unit records; empty (render everything) if missing or unreadable."""
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {}  # not this format (an older sitegen's): render everything once
    return data


def save_state(path: Path, state: dict[Unit, str]) -> None:
    """Write the unit records atomically; losing them only costs a full render next time."""
    save_json(path, dict(sorted(state.items())))


def forget_state(path: Path) -> None:
    """Drop the saved units before a build writes anything: a failed build must not leave
    keys that describe files it did not write."""
    try:
        path.unlink()
    except OSError:
        pass


def _plain(photo: Photo | None) -> tuple | None:
    """A photo as a plain tuple (``digest`` encodes those fast; a named tuple goes through ``repr``)."""
    return None if photo is None else (photo.width, photo.height, photo.variants)
