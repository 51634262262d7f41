"""The annotate stage's values cross process boundaries (spawned annotate workers, forked
children, a Dask cluster) as pickles: they must come back equal, every field included."""

from __future__ import annotations

import pickle
from dataclasses import fields

from sitegen.cache import decode
from sitegen.model import Annotation, Mention
from sitegen.packed import Pairs


def test_mentions_and_annotations_come_back_equal_with_every_field():
    mention = Mention(3, 11, "MISC", "Russische", country="RU", nationality=True)
    annotation = Annotation((Mention(0, 2, "PER", "Jo"), mention), ((0, 20), (21, 40)))
    for value in (mention, annotation):
        back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == value and type(back) is type(value)
        assert [getattr(back, f.name) for f in fields(value)] == [getattr(value, f.name) for f in fields(value)]
    # pickled as a constructor call, not field by field (dataclasses' slow __setstate__)
    assert Mention.__reduce__(mention) == (Mention, (3, 11, "MISC", "Russische", "RU", True))


def test_sentence_spans_are_packed_however_an_annotation_is_made():
    """The spans read as the tuple they were given, but are kept as one packed array (a
    10k site has ~470,000 of them): from the pipeline, the cache and a pickle alike."""
    spans = ((0, 20), (21, 40))
    made = Annotation((), spans)
    decoded = decode('{"m":[],"s":[[0,20],[21,40]]}', "x" * 40)
    unpickled = pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    for annotation in (made, decoded, unpickled):
        assert type(annotation.sentences) is Pairs
        assert annotation.sentences == spans and list(annotation.sentences) == list(spans)
    assert made == decoded == unpickled and hash(made) == hash(decoded)
    assert Annotation(()).sentences == () and type(Annotation(()).sentences) is Pairs


def test_cached_mentions_share_their_offsets_across_articles():
    """Offsets past CPython's small ints are one object however many mentions have them:
    at 10,000 articles they were 836,000 objects of their own (27 MB)."""
    text = "x" * 300 + "Rutte" + "y" * 10
    first = decode('{"m":[[300,305,"PER","",0]],"s":[]}', text)
    second = decode('{"m":[[300,305,"PER","",0]],"s":[[0,315]]}', text)
    a, b = first.mentions[0], second.mentions[0]
    assert (a.start, a.end) == (300, 305) and a.text == "Rutte"
    assert a.start is b.start and a.end is b.end
