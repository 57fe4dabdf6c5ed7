"""`translate cache info`'s grouping and numbers (translate.run.cache_report): keys that differ
in a setting other than the model, revision and beams name that setting, so no two lines look
alike; keys that differ only by the glossary entries matched are one line. The report on a
cache filled by real runs is tested in tests/test_cli_cache.py."""

from __future__ import annotations

from translate.run.cache_report import (
    CacheContents,
    Group,
    report_lines,
    summary_groups,
    translation_groups,
)
from translate.words import size

TORCH = {"model": "opus", "revision": "sha256:0123456789", "beams": 4, "length_ratio": 1.5,
         "length_margin": 10, "engine": "torch", "compute": "float32", "libraries": "torch 2"}
CT2 = {**TORCH, "engine": "ctranslate2", "compute": "int8", "libraries": "ctranslate2 4"}


def test_settings_that_differ_are_named_and_glossary_keys_are_one_line():
    keys = [{**TORCH, "entries": 1200}, {**CT2, "entries": 7},
            {**TORCH, "glossary": "a1", "entries": 3}, {**TORCH, "glossary": "b2", "entries": 2},
            {**TORCH, "beams": 1, "entries": 0}]  # a key left without translations
    assert translation_groups(keys) == [
        Group("opus (rev 0123456) · beam 4 · compute float32 · engine torch · libraries torch 2",
              1205, 5, 2),
        Group("opus (rev 0123456) · beam 4 · compute int8 · engine ctranslate2 · libraries "
              "ctranslate2 4", 7)]


def test_summarisers_are_one_line_each():
    bart = {"kind": "seq2seq", "model": "bart", "revision": "abcdef012", "tokens_per_sentence": 40}
    assert summary_groups([{**bart, "entries": 4}, {**bart, "model": "t5", "entries": 1}]) == [
        Group("seq2seq bart (rev abcdef0)", 4), Group("seq2seq t5 (rev abcdef0)", 1)]


def test_an_empty_memory_says_none(tmp_path):
    contents = CacheContents(tmp_path, 12_345, tmp_path, [], [], {}, None)
    assert report_lines(contents) == [f"cache folder: {tmp_path} (12.3 KB)",
                                      f"models: {tmp_path}", "translations: none",
                                      "summaries: none", "fetched web pages: none"]


def test_sizes_read_as_people_read_them():
    assert [size(n) for n in (1, 999, 1000, 45_123, 999_949, 999_950, 1_234_567, 5 * 10**12)] \
        == ["1 byte", "999 bytes", "1.0 KB", "45.1 KB", "999.9 KB", "1.0 MB", "1.2 MB",
            "5,000.0 GB"]
