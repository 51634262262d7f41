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

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import overload

from ..forked import Forked, can_fork
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
from .classify import (
    CountryNames,
    article_person_keys,
    classify,
    generic_qualifiers,
    person_vocabulary,
    qualify,
)
from .lexicon import Lexicon, build_lexicon
from .names import (
    clean_surface,
    name_key,
    person_runs,
    slug_id,
    tokens,
)

PARALLEL_LINK_MIN = 2000  # articles; below this a forked child costs more than it saves


@dataclass(slots=True)
class _Group:
    """Everything seen for one actor key while reading the corpus."""

    labels: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)  # display forms (genitive stripped)
    surfaces: set[str] = field(default_factory=set)  # forms as written, for "aliases seen"
    countries: Counter[str] = field(default_factory=Counter)
    # display forms of its nationality words ("Afrikaanse"): its name when nothing else names it
    adjectives: Counter[str] = field(default_factory=Counter)

    def merge(self, other: _Group) -> None:
        self.labels.update(other.labels)
        self.names.update(other.names)
        self.adjectives.update(other.adjectives)
        self.surfaces |= other.surfaces
        self.countries.update(other.countries)


@dataclass(slots=True)
class _Evidence:
    """What the corpus says about each cluster root, folded article by article.

    ``votes``: label counts of the mentions in clusters named by the root; ``pinned``:
    roots of pinned clusters; ``targets``: short form or acronym → the roots of the
    clusters elsewhere that contain it. Keyed by name, so it grows with the number of
    distinct names, not with the number of articles.
    """

    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    pinned: set[str] = field(default_factory=set)
    targets: dict[str, set[str]] = field(default_factory=dict)

    def add(self, cluster: Cluster, article_labels: Sequence[EntityLabel]) -> None:
        here: dict[str, int] = {}
        for i in cluster.mentions:
            label = article_labels[i]
            here[label] = here.get(label, 0) + 1
        total = self.votes.get(cluster.root)
        if total is None:
            self.votes[cluster.root] = total = {}
        for seen, n in here.items():
            total[seen] = total.get(seen, 0) + n
        if cluster.pinned:
            self.pinned.add(cluster.root)
        # A person's short forms and any acronym are evidence elsewhere; a shortened
        # organisation name ("Veiligheidsraad", "ministerie") is not: too generic.
        person = _majority(here) == "PER"
        for member in cluster.members:
            if member != cluster.root and (person or member in cluster.acronyms):
                self.targets.setdefault(member, set()).add(cluster.root)

    def extend(self, other: _Evidence) -> None:
        """Add what other articles say (sums and unions: the order of articles is irrelevant)."""
        for root, counts in other.votes.items():
            total = self.votes.setdefault(root, {})
            for label, n in counts.items():
                total[label] = total.get(label, 0) + n
        self.pinned |= other.pinned
        for member, roots in other.targets.items():
            self.targets.setdefault(member, set()).update(roots)


def resolve_actors(
    articles: Sequence[AnnotatedArticle],
    knowledge: Knowledge,
    country_name: Callable[[str], str],
    *,
    country_names: Callable[[str], Iterable[str]] | None = None,
    place_name: Callable[[str, str], str] | None = None,
    memo: ArticleMemo | None = None,
    language: str = "nl",
) -> ActorIndex:
    """Resolve the mentions of all articles to actors; pure and order-independent.

    ``country_name(code)`` gives a country's Dutch label; ``country_names(code)``, when
    given (the gazetteer), lists more names that denote the country itself, on top of the
    built-in variants; ``place_name(surface, code)`` (the gazetteer's) names a city or
    region as the site's language does, so its spellings in other languages are one place.
    ``language``: the site's, which names the built-in organisations ("NATO" is
    "Noord-Atlantische Verdragsorganisatie" in Dutch, "North Atlantic Treaty Organization"
    in English).

    Memory is bounded by the number of distinct names, plus 4 bytes per mention: one
    pass reads the articles one at a time and keeps, per article, only an array of
    numbers into a table of distinct actor keys; what the linking needs (cluster
    evidence, display names, labels, countries) is folded into per-key aggregates as it
    goes. The output keeps, per article, one actor id per mention beside the annotation's
    own mentions (``ResolvedMentions``), and makes ``ResolvedMention`` objects on reading.

    ``memo`` (the live server): each article's classification and clustering from the
    previous build, reused while what it depended on is the same (see ``ArticleMemo``);
    the result is identical. Without one, on a big site, a forked child reads the second
    half of the articles and ``_Reading.extend`` appends its reading to the first half's.
    """
    lexicon = build_lexicon(knowledge, language)
    countries = CountryNames(country_name, country_names, place_name)
    vocabulary, surnames = person_vocabulary(articles, lexicon, memo.person_keys if memo is not None else None)
    if memo is not None:
        memo.begin((knowledge.fingerprint, country_name, place_name, language), vocabulary, surnames)  # both: the gazetteer
    classifier = _Classifier(lexicon, countries, vocabulary, surnames)
    if memo is None and len(articles) >= PARALLEL_LINK_MIN and can_fork():
        # two cores: the second half of the articles is read in a forked child meanwhile
        half = len(articles) // 2
        second = Forked(lambda: _read(articles[half:], classifier))
        reading = _read(articles[:half], classifier)
        reading.extend(second.result() or _read(articles[half:], classifier))  # None: the child failed, raise here
    else:
        reading = _read(articles, classifier, memo)
    key_number, rows, evidence = reading.key_number, reading.rows, reading.evidence
    groups = _groups(reading.tally, len(key_number) - 1)
    del reading
    key_number.pop(None)
    final = _link_clusters(evidence, lexicon)
    del evidence
    merged: dict[str, _Group] = {}
    final_keys: list[str] = []  # per key number
    for key, number in key_number.items():
        if key.startswith("n:"):
            key = "n:" + final.get(key[2:], key[2:])
        final_keys.append(key)
        group = merged.get(key)
        if group is None:
            merged[key] = groups[number]
        else:
            group.merge(groups[number])
    del groups, key_number
    actors = _build_actors(merged, lexicon, countries)
    del merged
    ids = _assign_ids(actors, lexicon)
    id_of = [ids[key] for key in final_keys]  # key number → actor id (shared strings)
    resolved = tuple(
        ResolvedMentions.of(item.annotation.mentions, numbers, id_of)
        for item, numbers in zip(articles, rows)
    )
    by_id = {ids[key]: replace(actor, id=ids[key]) for key, actor in actors.items()}
    if memo is not None:  # for the next build's quiet edits (link/quiet.py)
        memo.reading = (classifier, rows, id_of)
    return ActorIndex(actors={i: by_id[i] for i in sorted(by_id)}, mentions=resolved)


ArticleLinks = tuple[list, list, list, list]  # (key per mention, display, label, clusters)


def classify_article(item: AnnotatedArticle, classifier: _Classifier, seen: set[str] | None = None) -> ArticleLinks:
    """One article's part of linking: each mention's actor key, display name and label,
    with the mentions clustered within the article (a surname joined to its full name).

    ``seen``: collects the corpus vocabulary keys the classification looked up."""
    mentions = item.annotation.mentions
    if not mentions:
        return [], [], [], []
    answers = list(map(classifier, mentions)) if seen is None else [classifier(m, seen) for m in mentions]
    row, shown, pins, linked = (list(column) for column in zip(*answers))
    _unpin_other_bearers(row, shown, pins, linked)
    qualifiers = generic_qualifiers(mentions, item.article.text)
    if qualifiers:  # without any, ``qualify`` changes nothing
        for i, key in enumerate(row):
            if key is not None and not pins[i] and linked[i] == "ORG":
                row[i], shown[i] = qualify(key, shown[i], qualifiers.get(i, qualifiers.get(key)), classifier.countries)
    named = [NamedMention(i, key[2:], linked[i], shown[i], mentions[i].end, pins[i])
             for i, key in enumerate(row) if key is not None and key.startswith("n:")]
    clusters = list(cluster_article(item.article.text, named, classifier.lexicon.canonical_key))
    for cluster in clusters:
        root = "n:" + cluster.root
        for i in cluster.mentions:
            row[i] = root
    return row, shown, linked, clusters


def _unpin_other_bearers(row: list, shown: list, pins: list, linked: list) -> None:
    """A person alias of the knowledge file that is a surname ("Gómez" for Alejandro
    Gómez) names that actor, unless the article names someone else by it in full ("de spits
    José Gómez … Gómez was verrast"): there it is that person's short form, and joins them
    in ``cluster_article`` like any surname (the nearest, if the article names both)."""
    others = {row[i][2:] for i in range(len(row))
              if not pins[i] and linked[i] == "PER" and row[i] is not None and row[i].startswith("n:")}
    if not others:
        return
    for i, key in enumerate(row):
        if not pins[i] or linked[i] != "PER" or key is None:
            continue
        own = name_key(shown[i])
        if own != key[2:] and any(full.endswith(" " + own) for full in others):
            row[i], pins[i] = "n:" + own, False


@dataclass(slots=True)
class _Reading:
    """What one pass over (part of) the articles leaves for the corpus-wide steps.

    ``key_number``: actor key before corpus linking → its number, in order of first
    mention; ``rows``: per article, per mention, its key number (-1: suppressed);
    ``tally``: (number, label, country, nationality, text, display) → mentions;
    ``evidence``: what the clusters say (``_Evidence``).
    """

    key_number: _Numbers = field(default_factory=lambda: _Numbers())
    rows: list[array] = field(default_factory=list)
    tally: Counter[tuple] = field(default_factory=Counter)
    evidence: _Evidence = field(default_factory=_Evidence)

    def extend(self, later: _Reading) -> None:
        """Append the reading of the articles that follow; the same as reading them all at once."""
        renumber = array("i", map(self.key_number.__getitem__, later.key_number))  # in its order: first mention
        shift = {number: renumber[k] for k, number in enumerate(later.key_number.values())}
        for row in later.rows:
            self.rows.append(array("i", map(shift.__getitem__, row)))
        for (number, *form), n in later.tally.items():
            self.tally[(shift[number], *form)] += n
        self.evidence.extend(later.evidence)


def _read(articles: Sequence[AnnotatedArticle], classifier: _Classifier, memo: ArticleMemo | None = None) -> _Reading:
    """Classify and cluster each article's mentions, folding them into one ``_Reading``."""
    reading = _Reading()
    key_number, rows, tally, evidence = reading.key_number, reading.rows, reading.tally, reading.evidence
    for item in articles:
        mentions = item.annotation.mentions
        if memo is not None:
            row, shown, linked, clusters = memo.classify(item, classifier)
        else:
            row, shown, linked, clusters = classify_article(item, classifier)
        for cluster in clusters:
            evidence.add(cluster, linked)
        numbers = array("i", map(key_number.__getitem__, row))
        rows.append(numbers)
        # counted in C: most mentions repeat a (key, form) already seen
        tally.update(zip(numbers, linked, map(_COUNTRY, mentions), map(_NATIONALITY, mentions),
                         map(_TEXT, mentions), shown))
    return reading


_TEXT = attrgetter("text")
_COUNTRY = attrgetter("country")
_NATIONALITY = attrgetter("nationality")


class _Numbers(dict):
    """Actor key → its number, numbering new keys as they are looked up; ``None`` → -1."""

    def __init__(self) -> None:
        super().__init__({None: -1})

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self) - 1
        return number


def _groups(tally: Counter[tuple], count: int) -> list[_Group]:
    """Per key number, what its mentions say, from the corpus-wide tally of mention forms."""
    groups = [_Group() for _ in range(count)]
    surface_of: dict[str, str] = {}
    for (number, label, country, nationality, text, display), n in tally.items():
        if number < 0:
            continue
        group = groups[number]
        group.labels[label] += n
        if country:
            group.countries[country.upper()] += n
        if not nationality:
            surface = surface_of.get(text)
            if surface is None:
                surface = surface_of[text] = clean_surface(text)
            group.surfaces.add(surface)
            group.names[display] += n
        else:
            group.adjectives[display] += n
    return groups


class _Classifier:
    """``classify`` with the corpus-wide context bound, remembered per distinct mention form.

    A 10,000-article site has some 430,000 mentions but only a few tens of thousands of
    distinct (text, label, country, nationality) forms, and ``classify`` reads nothing else
    of a mention. Each answer keeps the vocabulary keys it looked up, for ``ArticleMemo``.
    """

    __slots__ = ("_answers", "countries", "lexicon", "surnames", "vocabulary")

    def __init__(self, lexicon: Lexicon, countries: CountryNames, vocabulary: AbstractSet[str],
                 surnames: AbstractSet[str]) -> None:
        self.lexicon, self.countries, self.vocabulary, self.surnames = lexicon, countries, vocabulary, surnames
        self._answers: dict[tuple, tuple[tuple[str | None, str, bool, EntityLabel], frozenset[str]]] = {}

    def __call__(self, mention: Mention, seen: set[str] | None = None) -> tuple[str | None, str, bool, EntityLabel]:
        form = (mention.text, mention.label, mention.country, mention.nationality)
        answer = self._answers.get(form)
        if answer is None:
            probed: set[str] = set()
            result = classify(mention, self.lexicon, self.countries, _Probed(self.vocabulary, probed),  # type: ignore[arg-type]
                              _Probed(self.surnames, probed))  # type: ignore[arg-type]
            answer = self._answers[form] = (result, frozenset(probed))
        if seen is not None and answer[1]:
            seen |= answer[1]
        return answer[0]


class _Probed:
    """A set that notes every key it is asked about (what an article's linking depended on)."""

    __slots__ = ("base", "seen")

    def __init__(self, base: AbstractSet[str], seen: set[str]) -> None:
        self.base, self.seen = base, seen

    def __contains__(self, key: object) -> bool:
        self.seen.add(key)  # type: ignore[arg-type]
        return key in self.base


class ArticleMemo:
    """Each article's ``classify_article`` result, kept between the builds of one process.

    An entry is used only for the very same annotation object (the annotate stage's own
    memo hands out the same object for unchanged text), while the knowledge and gazetteer are the same,
    and only if none of the names it looked up in the corpus-wide person vocabulary
    entered or left it since (a new surname elsewhere can turn a LOC into a person here).
    """

    def __init__(self) -> None:
        self._knowledge: object = None
        self._vocabulary: tuple[AbstractSet[str], AbstractSet[str]] = (frozenset(), frozenset())
        self._changed: AbstractSet[str] = frozenset()
        self._entries: dict[str, tuple[object, ArticleLinks, frozenset[str]]] = {}
        self._used: dict[str, tuple[object, ArticleLinks, frozenset[str]]] = {}
        self._persons: dict[str, tuple[object, frozenset[str]]] = {}
        self._persons_now: dict[str, tuple[object, frozenset[str]]] = {}
        self.reading: tuple | None = None  # the last build's (classifier, key numbers per article, id per number)

    def person_keys(self, item: AnnotatedArticle) -> frozenset[str]:
        """``article_person_keys`` of the article, kept while its annotation is the same object."""
        path = item.article.path
        entry = self._persons.get(path)
        if entry is None or entry[0] is not item.annotation:
            entry = (item.annotation, article_person_keys(item))
        self._persons_now[path] = entry
        return entry[1]

    def begin(self, knowledge: object, vocabulary: AbstractSet[str], surnames: AbstractSet[str]) -> None:
        """Start a build (after ``person_keys`` was asked for each of its articles)."""
        self._persons, self._persons_now = self._persons_now, {}
        if knowledge != self._knowledge:
            self._entries = {}
        else:
            self._entries = self._used or self._entries
        old_vocabulary, old_surnames = self._vocabulary
        self._changed = (old_vocabulary ^ vocabulary) | (old_surnames ^ surnames)
        self._knowledge, self._vocabulary, self._used = knowledge, (vocabulary, surnames), {}

    def classify(self, item: AnnotatedArticle, classifier: _Classifier) -> ArticleLinks:
        """``classify_article``, from the memo when still valid."""
        path = item.article.path
        entry = self._entries.get(path)
        if entry is not None and entry[0] is item.annotation and entry[2].isdisjoint(self._changed):
            self._used[path] = entry
            return entry[1]
        seen: set[str] = set()
        links = classify_article(item, classifier, seen)
        self._used[path] = (item.annotation, links, frozenset(seen))
        return links


class ResolvedMentions(Sequence[ResolvedMention]):
    """One article's resolved mentions, stored as two parallel tuples, read as a tuple.

    Behaves like ``tuple[ResolvedMention, ...]`` (indexing, slicing, iteration, ``==``
    and ``hash`` against tuples and each other) but makes each ``ResolvedMention`` when
    it is read. It keeps the article's ``Mention`` tuple (shared with the annotation
    when nothing was suppressed) and one actor id per mention (shared strings): about
    8 bytes per mention instead of a 48-byte object plus its 8-byte slot, which at a
    million articles (28 M mentions) is 0.2 GB instead of 1.5 GB.
    """

    __slots__ = ("_ids", "_mentions")

    def __init__(self, mentions: tuple[Mention, ...], actor_ids: tuple[str, ...]) -> None:
        if len(mentions) != len(actor_ids):
            raise ValueError(f"{len(mentions)} mentions but {len(actor_ids)} actor ids")
        self._mentions = mentions
        self._ids = actor_ids

    @classmethod
    def of(
        cls, mentions: tuple[Mention, ...], numbers: Sequence[int], id_of: Sequence[str]
    ) -> ResolvedMentions:
        """The mentions whose key number is not -1 (suppressed), with ``id_of[number]``."""
        if -1 in numbers:
            kept = [i for i, number in enumerate(numbers) if number >= 0]
            return cls(tuple(mentions[i] for i in kept), tuple(id_of[numbers[i]] for i in kept))
        return cls(mentions, tuple(map(id_of.__getitem__, numbers)))

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> ResolvedMention: ...

    @overload
    def __getitem__(self, index: slice) -> ResolvedMentions: ...

    def __getitem__(self, index: int | slice) -> ResolvedMention | ResolvedMentions:
        if isinstance(index, slice):
            return ResolvedMentions(self._mentions[index], self._ids[index])
        return ResolvedMention(self._mentions[index], self._ids[index])

    def __iter__(self) -> Iterator[ResolvedMention]:
        return map(ResolvedMention, self._mentions, self._ids)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ResolvedMentions):
            return self._ids == other._ids and self._mentions == other._mentions
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    @property
    def actor_ids(self) -> tuple[str, ...]:
        """One actor id per mention, without making a ``ResolvedMention`` each."""
        return self._ids

    @property
    def plain_mentions(self) -> tuple[Mention, ...]:
        """The ``Mention`` of each resolved mention, without making a ``ResolvedMention`` each."""
        return self._mentions

    def identity(self) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """Which mentions were kept (by start offset) and their actor ids: for render keys."""
        return tuple([m.start for m in self._mentions]), self._ids

    def __reduce__(self) -> tuple[type[ResolvedMentions], tuple[object, ...]]:
        return ResolvedMentions, (self._mentions, self._ids)


def _link_clusters(evidence: _Evidence, lexicon: Lexicon) -> dict[str, str]:
    """Map each cluster root to the corpus actor it belongs to (itself when unsure).

    A root joins another actor only when all evidence points to exactly one: the clusters
    in other articles that contain it as a short form or defined acronym, and, for
    persons, the full names in the corpus or knowledge file that end with it.
    """
    votes, pinned, targets = evidence.votes, evidence.pinned, evidence.targets
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
            code = _top(group.countries)
            name = _best_name(group.names, part)
            named = countries.place_name(name, code) if countries.place_name is not None else ""
            # named as the site's language names it, like a country: "Moscow" alone is "Moskou"
            actor = Actor("", named if named and name_key(named) == part else name, "LOC", code)
            known = None
        else:
            # a nationality word of no country ("Afrikaanse", "Koerdische") is named as written
            name = lexicon.names.get(part) or _best_name(group.names or group.adjectives, part)
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
