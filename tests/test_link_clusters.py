"""One article's clusters (``link.article.cluster_article``): a surname joins the full
name, an acronym defined in the text joins what it stands for, and the keys are kept as
sorted tuples (the link memo holds every article's clusters; see ``Cluster``)."""

from __future__ import annotations

from sitegen.link.article import NamedMention, cluster_article

TEXT = "Wouter de Vries sprak met de Verenigde Naties (VN). De Vries zei dat de VN moet helpen."


def _mention(index: int, surface: str, label: str, key: str, last: bool = False) -> NamedMention:
    start = TEXT.rindex(surface) if last else TEXT.index(surface)
    return NamedMention(index, key, label, surface, start + len(surface), False)


def test_variants_and_acronyms_join_their_actor_as_sorted_keys() -> None:
    mentions = [
        _mention(0, "Wouter de Vries", "PER", "wouter de vries"),
        _mention(1, "Verenigde Naties", "ORG", "verenigde naties"),
        _mention(2, "De Vries", "PER", "de vries", last=True),
        _mention(3, "VN", "ORG", "vn", last=True),
    ]
    person, organisation = cluster_article(TEXT, mentions, {})
    assert (person.root, person.members, person.mentions) == ("wouter de vries", ("de vries", "wouter de vries"), (0, 2))
    assert person.acronyms == ()
    assert (organisation.root, organisation.members, organisation.acronyms) == (
        "verenigde naties", ("verenigde naties", "vn"), ("vn",))
    assert organisation.mentions == (1, 3)
