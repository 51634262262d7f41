"""The collector's helpers (sitegen/survivors.py): what they change is put back."""

from __future__ import annotations

import gc

import pytest

from sitegen.survivors import long_lived, paused


def test_paused_turns_the_collector_off_and_back_on_even_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused():
        assert not gc.isenabled()
        raise RuntimeError("a bad cache row")
    assert gc.isenabled()


def test_paused_inside_a_pause_leaves_the_outer_one_in_charge():
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_long_lived_freezes_what_is_alive_and_unfreezes_on_exit():
    before = gc.get_freeze_count()
    assert before == 0
    with long_lived() as settle:
        kept = [[i] for i in range(1000)]
        settle()
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0
