"""Corpus-wide actor resolution: every mention → the id of the actor it refers to.

Three namespaces keep different kinds of actor apart:

- **countries** (``c:KZ``): demonyms and nationality adjectives, and non-person mentions
  whose text is the country itself ("Wit-Rusland", "Belarus"); named by ``country_name``.
- **places** (``p:<key>``): other LOC mentions that the gazetteer placed in a country.
- **names** (``n:<key>``): everything else. Mentions are first clustered within their
  article (``sitegen.link.article``), then whole clusters are joined across the corpus when
  the evidence is unique: a bare "Johnson" joins "Boris Johnson" only if no other full-name
  "Johnson" exists in the corpus or the knowledge file.

Everything is keyed by normalised names in dictionaries (no pairwise comparison across the
corpus) and every choice is broken by sorting, so the result does not depend on article
order. The knowledge file and the built-in organisation table always win over heuristics.

Ids are slugs of the canonical name. When different actors share a slug, the first by
(country, knowledge actor, label order PER ORG LOC MISC, name) keeps the plain slug and
the others get their label as suffix (``georgia-loc``), then a number. Only actors with
the same slug take part, so adding an unrelated article never changes an id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..model import (
    ENTITY_LABELS,
    Actor,
    ActorIndex,
    AnnotatedArticle,
    EntityLabel,
    Knowledge,
    Mention,
    ResolvedMention,
)
from .article import Cluster, NamedMention, cluster_article
from .lexicon import Lexicon, build_lexicon
from .names import (
    clean_surface,
    name_key,
    person_runs,
    slug_id,
    strip_apostrophe_genitive,
    strip_leading_noise,
    tokens,
)
from .tables import country_name_keys


@dataclass(slots=True)
class _Group:
    """Everything seen for one actor key while reading the corpus."""

    labels: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)  # display forms (genitive stripped)
    surfaces: set[str] = field(default_factory=set)  # forms as written, for "aliases seen"
    countries: Counter[str] = field(default_factory=Counter)


def resolve_actors(
    articles: Sequence[AnnotatedArticle],
    knowledge: Knowledge,
    country_name: Callable[[str], str],
    *,
    country_names: Callable[[str], Iterable[str]] | None = None,
) -> ActorIndex:
    """Resolve the mentions of all articles to actors; pure and order-independent.

    ``country_name(code)`` gives a country's Dutch label; ``country_names(code)``, when
    given (the gazetteer), lists more names that denote the country itself, on top of the
    built-in variants.
    """
    lexicon = build_lexicon(knowledge)
    countries = _CountryNames(country_name, country_names)
    vocabulary, surnames = _person_vocabulary(articles, lexicon)
    keys: list[list[str | None]] = []
    displays: list[list[str]] = []
    article_clusters: list[list[Cluster]] = []
    groups: dict[str, _Group] = {}
    for a, item in enumerate(articles):
        named: list[NamedMention] = []
        row: list[str | None] = []
        shown: list[str] = []
        qualifiers = _generic_qualifiers(item.annotation.mentions, item.article.text)
        for i, mention in enumerate(item.annotation.mentions):
            key, display, pinned = _classify(mention, lexicon, countries, vocabulary, surnames)
            if key is not None and not pinned and mention.label == "ORG":
                key, display = _qualify(
                    key, display, qualifiers.get(i, qualifiers.get(key)), countries
                )
            row.append(key)
            shown.append(display)
            if key is not None and key.startswith("n:"):
                named.append(NamedMention(i, key[2:], mention.label, display, mention.end, pinned))
        clusters = cluster_article(item.article.text, named, lexicon.canonical_key)
        for cluster in clusters:
            for i in cluster.mentions:
                row[i] = "n:" + cluster.root
        keys.append(row)
        displays.append(shown)
        article_clusters.append(clusters)
    final = _link_clusters(article_clusters, articles, lexicon)
    for a, item in enumerate(articles):
        for i, mention in enumerate(item.annotation.mentions):
            key = keys[a][i]
            if key is None:
                continue
            if key.startswith("n:"):
                key = keys[a][i] = "n:" + final.get(key[2:], key[2:])
            _record(groups.setdefault(key, _Group()), mention, displays[a][i])
    actors = _build_actors(groups, lexicon, countries)
    ids = _assign_ids(actors, lexicon)
    resolved = tuple(
        tuple(
            ResolvedMention(mention, ids[key])
            for mention, key in zip(item.annotation.mentions, keys[a])
            if key is not None
        )
        for a, item in enumerate(articles)
    )
    by_id = {ids[key]: replace(actor, id=ids[key]) for key, actor in actors.items()}
    return ActorIndex(actors={i: by_id[i] for i in sorted(by_id)}, mentions=resolved)


class _CountryNames:
    """Whether a name denotes the country itself, from every source of country names."""

    def __init__(
        self, country_name: Callable[[str], str], extra: Callable[[str], Iterable[str]] | None
    ) -> None:
        self.country_name = country_name
        self.extra = extra
        self._keys: dict[str, frozenset[str]] = {}

    def label(self, code: str) -> str:
        return self.country_name(code) or code

    def keys(self, code: str) -> frozenset[str]:
        if code not in self._keys:
            names = {name_key(self.label(code))} | country_name_keys(code)
            if self.extra is not None:
                names |= {name_key(n) for n in self.extra(code)}
            self._keys[code] = frozenset(names)
        return self._keys[code]

    def is_country(self, key: str, code: str) -> bool:
        keys = self.keys(code)
        return key in keys or (key.endswith("s") and key[:-1] in keys)  # "Ruslands"


def _person_vocabulary(
    articles: Sequence[AnnotatedArticle], lexicon: Lexicon
) -> tuple[frozenset[str], frozenset[str]]:
    """Person name keys of the corpus and the surnames (name endings) of its full names.

    Used to tell a genitive "Poetins" (stem "Poetin" is a known person) from a name that
    ends in -s ("Williams" is the surname of "Serena Williams").
    """
    keys = {lexicon.canonical_key.get(k, k) for k in lexicon.persons}
    for item in articles:
        for m in item.annotation.mentions:
            if m.label == "PER":
                keys.add(name_key(strip_apostrophe_genitive(clean_surface(m.text))))
    surnames: set[str] = set()
    for key in keys:
        toks = tokens(key)
        if len(toks) > 1 and not (key.endswith("s") and key[:-1] in keys):
            surnames.update(" ".join(toks[i:]) for i in range(1, len(toks)))
    return frozenset(keys | surnames), frozenset(surnames)


def _classify(
    mention: Mention,
    lexicon: Lexicon,
    countries: _CountryNames,
    vocabulary: frozenset[str],
    surnames: frozenset[str],
) -> tuple[str | None, str, bool]:
    """(actor key or None when suppressed, display form, pinned) for one mention."""
    surface = clean_surface(mention.text)
    display = strip_apostrophe_genitive(surface)
    if mention.label == "PER":
        display = strip_leading_noise(display)
    key = name_key(display)
    if key in lexicon.never_tag or name_key(surface) in lexicon.never_tag or not surface:
        return None, display, False
    code = mention.country.upper()
    if code and (
        mention.nationality or (mention.label != "PER" and countries.is_country(key, code))
    ):
        return "c:" + code, display, False
    pinned = lexicon.canonical_key.get(key)
    if pinned is not None:
        return "n:" + pinned, display, True
    if mention.label == "LOC" and code:
        return "p:" + key, display, False
    if (
        mention.label == "PER"
        and key.endswith("s")
        and key[:-1] in vocabulary
        and key not in surnames
    ):
        key, display = key[:-1], display.removesuffix("s")  # "Poetins"
        pinned = lexicon.canonical_key.get(key)
        if pinned is not None:
            return "n:" + pinned, display, True
    return "n:" + key, display, False


def _generic_qualifiers(mentions: Sequence[Mention], text: str) -> dict[int | str, str]:
    """Countries of generic institutions: "het Russische ministerie van Buitenlandse Zaken".

    A lower-case organisation name is a kind of body every country has; the nationality
    word right before it says whose. Maps the mention position, and the name key when
    the article qualifies it with one country only, to that country's code.
    """
    found: dict[int | str, str] = {}
    per_key: dict[str, set[str]] = {}
    for i in range(1, len(mentions)):
        m, before = mentions[i], mentions[i - 1]
        if (
            m.label != "ORG"
            or not m.text[:1].islower()
            or not before.nationality
            or not before.country
        ):
            continue
        if text[before.end : m.start].strip():
            continue
        found[i] = before.country.upper()
        per_key.setdefault("n:" + name_key(clean_surface(m.text)), set()).add(found[i])
    for key, codes in per_key.items():
        if len(codes) == 1:
            found[key] = next(iter(codes))
    return found


def _qualify(key: str, display: str, code: str | None, countries: _CountryNames) -> tuple[str, str]:
    """``ministerie van Buitenlandse Zaken`` → ``ministerie van Buitenlandse Zaken (Rusland)``."""
    if not code or not key.startswith("n:") or not display[:1].islower():
        return key, display
    display = f"{display} ({countries.label(code)})"
    return "n:" + name_key(display), display


def _link_clusters(
    article_clusters: Sequence[Sequence[Cluster]],
    articles: Sequence[AnnotatedArticle],
    lexicon: Lexicon,
) -> dict[str, str]:
    """Map each cluster root to the corpus actor it belongs to (itself when unsure).

    A root joins another actor only when all evidence points to exactly one: the clusters
    in other articles that contain it as a short form or defined acronym, and, for
    persons, the full names in the corpus or knowledge file that end with it.
    """
    votes: dict[str, Counter[str]] = {}
    pinned: set[str] = set()
    targets: dict[str, set[str]] = {}
    for clusters, item in zip(article_clusters, articles):
        mentions = item.annotation.mentions
        for cluster in clusters:
            here: dict[str, int] = {}
            for i in cluster.mentions:
                label = mentions[i].label
                here[label] = here.get(label, 0) + 1
            votes.setdefault(cluster.root, Counter()).update(here)
            if cluster.pinned:
                pinned.add(cluster.root)
            # A person's short forms and any acronym are evidence elsewhere; a shortened
            # organisation name ("Veiligheidsraad", "ministerie") is not: too generic.
            person = _majority(here) == "PER"
            for member in cluster.members:
                if member != cluster.root and (person or member in cluster.acronyms):
                    targets.setdefault(member, set()).add(cluster.root)
    labels = {root: _majority(counts) for root, counts in votes.items()}
    labels.update(lexicon.labels)  # the knowledge file wins over the majority
    for key in lexicon.persons:
        labels.setdefault(key, "PER")
    # Short forms every full person name allows: surnames (score 2) and other runs of
    # its words (1, "Mark" of "Mark Rutte"). Surnames are evidence; any run is a rival.
    by_run: dict[str, dict[str, int]] = {}
    for root, label in labels.items():
        if label == "PER":
            for run, score in person_runs(root):
                by_run.setdefault(run, {})[root] = score
    final: dict[str, str] = {}

    def resolve(root: str) -> str:
        if root in final:
            return final[root]
        final[root] = root  # guards against cycles; replaced below
        if root in pinned or root in lexicon.names:
            return root
        evidence = set(targets.get(root, ()))
        rivals = set(evidence)
        if labels.get(root) == "PER":
            owners = by_run.get(root, {})
            evidence.update(r for r, score in owners.items() if score == 2)
            rivals.update(owners)
        ends = {resolve(c) for c in sorted(rivals) if c != root} - {root}
        if evidence and len(ends) == 1:
            final[root] = ends.pop()
        return final[root]

    for root in sorted(votes, key=lambda k: (-len(tokens(k)), -len(k), k)):
        resolve(root)
    return final


def _record(group: _Group, mention: Mention, display: str) -> None:
    surface = clean_surface(mention.text)
    group.labels[mention.label] += 1
    if mention.country:
        group.countries[mention.country.upper()] += 1
    if not mention.nationality:
        group.surfaces.add(surface)
        group.names[display] += 1


def _build_actors(
    groups: dict[str, _Group], lexicon: Lexicon, countries: _CountryNames
) -> dict[str, Actor]:
    """One ``Actor`` (with an empty id, assigned later) per actor key."""
    actors: dict[str, Actor] = {}
    for key in sorted(groups):
        group = groups[key]
        kind, part = key[:2], key[2:]
        aliases = tuple(sorted(group.surfaces))
        if kind == "c:":
            actor = Actor("", countries.label(part), "LOC", country=part)
            known_keys = sorted(countries.keys(part))
            known = next((lexicon.known[k] for k in known_keys if k in lexicon.known), None)
        elif kind == "p:":
            actor = Actor("", _best_name(group.names, part), "LOC", _top(group.countries))
            known = None
        else:
            name = lexicon.names.get(part) or _best_name(group.names, part)
            label = lexicon.labels.get(part) or _majority(group.labels)
            country = _top(group.countries) if label == "LOC" else ""
            actor = Actor("", name, label, country)
            known = lexicon.known.get(part)
        if known is not None:
            actor = replace(
                actor,
                country=known.country or actor.country,
                description=known.description,
                external_id=known.external_id,
            )
        actors[key] = replace(actor, aliases=tuple(a for a in aliases if a != actor.name))
    return actors


def _top(counts: Counter[str]) -> str:
    """Most frequent key, ties alphabetical; "" when there is none."""
    return min(counts, key=lambda c: (-counts[c], c)) if counts else ""


def _best_name(names: Counter[str], key: str) -> str:
    """Longest form (words, then characters), then most frequent, then alphabetical.

    Forms whose key is the actor's key are preferred, so the id follows the root name.
    """
    matching = [n for n in names if name_key(n) == key] or list(names) or [key]
    return min(matching, key=lambda n: (-len(n.split()), -len(n), -names[n], n))


def _majority(counts: Mapping[str, int]) -> EntityLabel:
    """Most frequent label; ties go to the earlier label in PER, ORG, LOC, MISC."""
    return min(ENTITY_LABELS, key=lambda label: (-counts.get(label, 0), ENTITY_LABELS.index(label)))


def _assign_ids(actors: dict[str, Actor], lexicon: Lexicon) -> dict[str, str]:
    """Actor key → unique id; see the module docstring for the collision rule."""
    by_slug: dict[str, list[str]] = {}
    for key, actor in actors.items():
        by_slug.setdefault(slug_id(actor.name), []).append(key)

    def priority(key: str) -> tuple[int, int, int, str, str]:
        actor = actors[key]
        known = key.startswith("n:") and key[2:] in lexicon.known
        return (
            not key.startswith("c:"),
            not known,
            ENTITY_LABELS.index(actor.label),
            actor.name,
            key,
        )

    ids: dict[str, str] = {}
    taken = set(by_slug)
    for slug in sorted(by_slug):
        first, *others = sorted(by_slug[slug], key=priority)
        ids[first] = slug
        for key in others:
            candidate = f"{slug}-{actors[key].label.lower()}"
            number = 2
            while candidate in taken:
                candidate = f"{slug}-{actors[key].label.lower()}-{number}"
                number += 1
            taken.add(candidate)
            ids[key] = candidate
    return ids
