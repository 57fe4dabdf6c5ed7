"""Our MarianTokenizer (sentencepiece + vocab.json) against transformers' MarianTokenizer: the
same ids for every text, the same text for every id sequence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sentencepiece as spm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from transformers import AutoTokenizer

from tests.standin import ENGLISH_LINES, GERMAN_LINES
from translate.model.resolve import ModelSource, load_tokenizer
from translate.model.tokenizer import MarianTokenizer, Unsupported
from translate.sources.readers import read_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds/putin-kim-wostotschny.txt"
WMT = ROOT.parent / "shared/eval/wmt21"
needs_wmt = pytest.mark.skipif(not (WMT / "newstest2021.de-en.src.de").is_file(),
                               reason="needs ../shared/eval (WMT 2021)")

# what the Moses normaliser would rewrite, SentencePiece's NFKC folds, or the splitting must keep
TRICKY = ["„", "“", "”", "‚", "‘", "’", "«", "»", "‹", "›", "–", "—", "…", "·", "€", "§", "°",
          "1.000", "1,5", "10 000", "10\u202f000", "3\u00a0%", "2023-09-13", "13.32 Uhr", "'",
          '"', "``", "''", " ,", " .", "(", ")", "[", "]", ">>en<<", ">>de<<", ">>xx", "<<",
          ">><<", "</s>", "<unk>", "<pad>", "</s", "<un", "  ", "\t", "\n", "\u00a0", "\u2009",
          "\u3000", "\u200b", "\u200d", "\ufeff", "e\u0301", "ß", "ẞ", "Ä", "ﬁ", "①", "½", "²",
          "😀", "👍🏽", "中文", "עברית", "Ω", "\x00", "\x7f", "\ud7ff"]
texts = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=6)), max_size=14).map(
    "".join)


def pair(folder: Path) -> tuple[MarianTokenizer, object]:
    return MarianTokenizer.from_folder(folder), AutoTokenizer.from_pretrained(folder)


@pytest.fixture(scope="module")
def tokenizers(tiny_model_dir: Path) -> tuple[MarianTokenizer, object]:
    return pair(tiny_model_dir)


@pytest.fixture(scope="module")
def wmt_tokenizers(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory
                   ) -> tuple[MarianTokenizer, object]:
    """The tiny stand-in's files with SentencePiece models trained on WMT 2021 (German source,
    English references) and a vocabulary of their pieces: realistic pieces, few unknowns."""
    folder = tmp_path_factory.mktemp("wmt-tokenizer")
    for name in ("config.json", "tokenizer_config.json"):
        shutil.copy(tiny_model_dir / name, folder / name)
    pieces: dict[str, None] = {"</s>": None, "<unk>": None}
    for side, file in (("source", "newstest2021.de-en.src.de"),
                       ("target", "newstest2021.de-en.ref.A.en")):
        spm.SentencePieceTrainer.train(
            input=str(WMT / file), model_prefix=str(folder / side), vocab_size=3000,
            character_coverage=0.9995, hard_vocab_limit=False, num_threads=1, minloglevel=2)
        (folder / f"{side}.model").rename(folder / f"{side}.spm")
        model = spm.SentencePieceProcessor(model_file=str(folder / f"{side}.spm"))
        pieces.update(dict.fromkeys(model.id_to_piece(i) for i in range(model.get_piece_size())
                                    if not (model.is_control(i) or model.is_unknown(i))))
    pieces["<pad>"] = None
    (folder / "vocab.json").write_text(json.dumps({p: i for i, p in enumerate(pieces)}),
                                       encoding="utf-8")
    return pair(folder)


def same_ids(ours: MarianTokenizer, reference: object, text: str) -> None:
    assert ours.encode(text) == reference(text)["input_ids"], text
    assert ours(text)["input_ids"] == reference(text)["input_ids"]


def same_text(ours: MarianTokenizer, reference: object, ids: list[int]) -> None:
    for skip in (True, False):
        assert ours.decode(ids, skip) == reference.decode(ids, skip_special_tokens=skip), ids
    assert ours.convert_ids_to_tokens(ids) == reference.convert_ids_to_tokens(ids)


def english_ids(ours: MarianTokenizer, line: str) -> list[int]:
    """What a model emits for `line`: target-side pieces as vocabulary ids, then the end."""
    pieces = ours.spm_target.encode(line, out_type=str)
    return [*ours.convert_tokens_to_ids(pieces), ours.eos_token_id]


def sample_units() -> list[str]:
    document = read_file(SAMPLE, None, 10 * 2**20)
    return [unit.de for unit in document.units()]


def test_the_sample_article_gives_the_same_ids_and_text(tokenizers):
    units = sample_units()
    assert len(units) == 26
    for text in [*units, *GERMAN_LINES]:
        same_ids(*tokenizers, text)
        same_text(*tokenizers, tokenizers[0].encode(text))
    for line in ENGLISH_LINES:
        same_text(*tokenizers, english_ids(tokenizers[0], line))


@needs_wmt
def test_wmt_2021_gives_the_same_ids_and_text(tokenizers, wmt_tokenizers):
    german = (WMT / "newstest2021.de-en.src.de").read_text(encoding="utf-8").splitlines()
    english = (WMT / "newstest2021.de-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    assert len(german) == len(english) == 1000
    for ours, reference in (tokenizers, wmt_tokenizers):
        for de, en in zip(german, english, strict=True):
            same_ids(ours, reference, de)
            same_text(ours, reference, ours.encode(de))
            same_text(ours, reference, english_ids(ours, en))
    unknown = wmt_tokenizers[0].unk_token_id
    assert sum(unknown in wmt_tokenizers[0].encode(line) for line in german) < 50


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_fuzzed_strings_give_the_same_ids_and_text(tokenizers, text):
    same_ids(*tokenizers, text)
    same_text(*tokenizers, tokenizers[0].encode(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_id_sequences_decode_to_the_same_text(tokenizers, data):
    ours = tokenizers[0]
    ids = data.draw(st.lists(st.integers(0, len(ours.encoder) - 1), max_size=40))
    same_text(*tokenizers, ids)
    assert ours.batch_decode([ids, ids[::-1]], skip_special_tokens=True) == \
        tokenizers[1].batch_decode([ids, ids[::-1]], skip_special_tokens=True)


def test_separate_vocabularies_decode_through_the_target_side(tiny_model_dir, tmp_path):
    folder = tmp_path / "separate"
    shutil.copytree(tiny_model_dir, folder)
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    pieces = sorted(vocab, key=vocab.get)
    target = {piece: i for i, piece in enumerate([*pieces[:2], *pieces[2:-1][::-1], pieces[-1]])}
    (folder / "target_vocab.json").write_text(json.dumps(target), encoding="utf-8")
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    config.update(separate_vocabs=True, target_vocab_file="target_vocab.json")
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    ours, reference = pair(folder)
    assert ours.separate_vocabs
    for text in [*GERMAN_LINES[:5], ">>en<< Der Hund</s>"]:
        same_ids(ours, reference, text)
        same_text(ours, reference, ours.encode(text))
        same_text(ours, reference, english_ids(ours, ENGLISH_LINES[0]))


@pytest.mark.parametrize(("limit", "expected"), [(None, 512), (256, 256)])
def test_the_input_limit_comes_from_tokenizer_config(tiny_model_dir, tmp_path, limit, expected):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model_dir, folder)
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    config.pop("model_max_length")
    if limit:
        config["model_max_length"] = limit
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    ours, reference = pair(folder)
    assert ours.model_max_length == reference.model_max_length == expected


def test_what_it_does_not_reproduce_goes_to_transformers(tiny_model_dir, tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model_dir, folder)
    (folder / "added_tokens.json").write_text('{"<extra>": 9999}', encoding="utf-8")
    with pytest.raises(Unsupported, match=r"added_tokens\.json"):
        MarianTokenizer.from_folder(folder)
    _, tokenizer = load_tokenizer(ModelSource("m", folder, "x"))
    assert type(tokenizer).__module__.startswith("transformers.")
    _, plain = load_tokenizer(ModelSource("m", tiny_model_dir, "x"))
    assert isinstance(plain, MarianTokenizer)
