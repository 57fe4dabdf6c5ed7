"""Greedy batching by length, shared by the translator, the summariser and the stand-ins."""

from __future__ import annotations

from translate.model.batches import length_batches


def test_longest_first_each_batch_padded_to_its_first_within_budget_and_size():
    items = ["bb", "a", "dddd", "cc", "eeeeeeeeee", "f"]
    assert length_batches(items, len, budget=8) == [
        ["eeeeeeeeee"], ["dddd", "bb"], ["cc", "a", "f"]]  # ties keep their order
    assert length_batches(items, len, budget=8, size=2) == [
        ["eeeeeeeeee"], ["dddd", "bb"], ["cc", "a"], ["f"]]
    assert length_batches([], len, budget=8) == []
