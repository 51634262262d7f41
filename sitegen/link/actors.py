"""Corpus-wide actor resolution: every mention → the id of the actor it refers to.

Three namespaces keep different kinds of actor apart (``sitegen.link.classify`` decides):

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
from .classify import CountryNames, classify, generic_qualifiers, person_vocabulary, qualify
from .lexicon import Lexicon, build_lexicon
from .names import (
    clean_surface,
    name_key,
    person_runs,
    slug_id,
    tokens,
)


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
    countries = CountryNames(country_name, country_names)
    vocabulary, surnames = person_vocabulary(articles, lexicon)
    keys: list[list[str | None]] = []
    displays: list[list[str]] = []
    labels: list[list[EntityLabel]] = []  # per mention, as used for linking
    article_clusters: list[list[Cluster]] = []
    groups: dict[str, _Group] = {}
    for a, item in enumerate(articles):
        named: list[NamedMention] = []
        row: list[str | None] = []
        shown: list[str] = []
        linked: list[EntityLabel] = []
        qualifiers = generic_qualifiers(item.annotation.mentions, item.article.text)
        for i, mention in enumerate(item.annotation.mentions):
            key, display, pinned, label = classify(
                mention, lexicon, countries, vocabulary, surnames
            )
            if key is not None and not pinned and label == "ORG":
                key, display = qualify(
                    key, display, qualifiers.get(i, qualifiers.get(key)), countries
                )
            row.append(key)
            shown.append(display)
            linked.append(label)
            if key is not None and key.startswith("n:"):
                named.append(NamedMention(i, key[2:], label, display, mention.end, pinned))
        clusters = cluster_article(item.article.text, named, lexicon.canonical_key)
        for cluster in clusters:
            for i in cluster.mentions:
                row[i] = "n:" + cluster.root
        keys.append(row)
        displays.append(shown)
        labels.append(linked)
        article_clusters.append(clusters)
    final = _link_clusters(article_clusters, labels, lexicon)
    for a, item in enumerate(articles):
        for i, mention in enumerate(item.annotation.mentions):
            key = keys[a][i]
            if key is None:
                continue
            if key.startswith("n:"):
                key = keys[a][i] = "n:" + final.get(key[2:], key[2:])
            _record(groups.setdefault(key, _Group()), mention, displays[a][i], labels[a][i])
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


def _link_clusters(
    article_clusters: Sequence[Sequence[Cluster]],
    mention_labels: Sequence[Sequence[EntityLabel]],
    lexicon: Lexicon,
) -> dict[str, str]:
    """Map each cluster root to the corpus actor it belongs to (itself when unsure).

    A root joins another actor only when all evidence points to exactly one: the clusters
    in other articles that contain it as a short form or defined acronym, and, for
    persons, the full names in the corpus or knowledge file that end with it.
    """
    votes: dict[str, dict[str, int]] = {}
    pinned: set[str] = set()
    targets: dict[str, set[str]] = {}
    for clusters, article_labels in zip(article_clusters, mention_labels):
        for cluster in clusters:
            here: dict[str, int] = {}
            for i in cluster.mentions:
                label = article_labels[i]
                here[label] = here.get(label, 0) + 1
            total = votes.get(cluster.root)
            if total is None:
                votes[cluster.root] = total = {}
            for seen, n in here.items():
                total[seen] = total.get(seen, 0) + n
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


def _record(group: _Group, mention: Mention, display: str, label: EntityLabel) -> None:
    surface = clean_surface(mention.text)
    group.labels[label] += 1
    if mention.country:
        group.countries[mention.country.upper()] += 1
    if not mention.nationality:
        group.surfaces.add(surface)
        group.names[display] += 1


def _build_actors(
    groups: dict[str, _Group], lexicon: Lexicon, countries: CountryNames
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
    best: EntityLabel = "PER"
    best_count = -1
    for label in ENTITY_LABELS:  # strict ">" keeps the earlier label on a tie
        count = counts.get(label, 0)
        if count > best_count:
            best, best_count = label, count
    return best


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
