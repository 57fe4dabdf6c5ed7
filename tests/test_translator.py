"""The translator on a tiny random-weights model: real tokenizer, real generate()."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
import torch

from translate.model.engines.torch_engine import LengthCap
from translate.model.resolve import ModelSource, resolve
from translate.model.translator import Translator
from translate.settings import Decoding

SENTENCES = [
    "Der Hund bellt.",
    "Die Regierung hat am Dienstag in Berlin ein neues Gesetz zur Energie beschlossen.",
    "Kurz.",
    "Der Hund bellt.",
    "Die Polizei ermittelt wegen eines Unfalls auf der Autobahn bei München.",
]


@pytest.fixture(scope="module")
def translator(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Translator:
    source = resolve(str(tiny_model_dir), tmp_path_factory.mktemp("cache"), offline=True)
    return Translator.load(source, "cpu", Decoding(beams=2, batch_size=2))


def padded(translator: Translator, texts: list[str]) -> dict[str, torch.Tensor]:
    """input_ids and attention_mask of `texts`, padded on the right."""
    rows = [translator.tokenizer.encode(text) for text in texts]
    width = max(len(row) for row in rows)
    pad = translator.model.config.pad_token_id
    return {"input_ids": torch.tensor([row + [pad] * (width - len(row)) for row in rows]),
            "attention_mask": torch.tensor([[1] * len(row) + [0] * (width - len(row))
                                            for row in rows])}


def test_one_translation_per_input_in_order(translator: Translator):
    batches = []
    results = translator.translate(SENTENCES, batches.append)
    assert len(results) == len(SENTENCES)
    assert all(r.text for r in results)
    assert results[0] == results[3]  # identical inputs, identical results
    assert len({r.text for r in results}) == 4  # the tiny model still tells inputs apart
    assert [len(batch) for batch in batches] == [2, 2]  # four unique texts, batches of two
    assert dict(p for batch in batches for p in batch) == dict(zip(SENTENCES, results, strict=True))


def test_scores_are_mean_token_log_probabilities(translator: Translator):
    assert all(-30 < r.score <= 0 for r in translator.translate(SENTENCES[:3]))
    model = translator.model
    inputs = padded(translator, SENTENCES[:2])
    with torch.inference_mode():
        encoded = model.get_encoder()(**inputs)
        sequences = model.generate(**inputs, num_beams=2, max_new_tokens=12)
        scores = translator.engine._scores(inputs["attention_mask"], encoded.last_hidden_state,
                                    sequences)
        logits = model(**inputs, decoder_input_ids=sequences[:, :-1]).logits
    targets = sequences[:, 1:]
    token_scores = logits.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    mask = targets != model.config.pad_token_id
    expected = (token_scores * mask).sum(1) / mask.sum(1)
    assert scores.tolist() == pytest.approx(expected.tolist(), abs=1e-4)


def test_every_row_of_a_beam_batch_is_scored_against_its_own_source(translator: Translator):
    """generate() swaps the encoder states for a copy with a row per beam; scoring must still
    read each sentence's own states (row i, not row i of the copy, which is beam i % beams)."""
    model, tokenizer = translator.model, translator.tokenizer
    inputs = [tokenizer.encode(text) for text in SENTENCES[:3]]
    outputs = translator.engine.decode(inputs, [6, 6, 6], beams=2)
    for ids, output in zip(inputs, outputs, strict=True):
        decoder = torch.tensor([[model.config.decoder_start_token_id, *output.ids]])
        with torch.inference_mode():
            logits = model(input_ids=torch.tensor([ids]), decoder_input_ids=decoder).logits
        picked = logits.log_softmax(-1)[0, torch.arange(6), torch.tensor(output.ids)]
        assert output.capped  # so the forced end token is left out of the mean
        assert output.score == pytest.approx(picked.mean().item(), abs=1e-4)


def test_each_output_stops_at_its_own_length_cap(translator: Translator):
    """Random weights never end a sentence, so every output runs to its cap: the short
    sentence must stop at its own, not at the cap of the long one in its batch."""
    texts = [SENTENCES[2], SENTENCES[1]]
    lengths = [len(translator.tokenizer.encode(text)) for text in texts]
    inputs = padded(translator, texts)
    caps = [math.ceil(2.0 * n) + 10 for n in lengths]
    with torch.inference_mode():
        sequences = translator.model.generate(
            **inputs, num_beams=2, max_new_tokens=max(caps) + 1,
            logits_processor=[LengthCap(torch.tensor(caps), 2, 0)])
    generated = (sequences[:, 1:] != translator.model.config.pad_token_id).sum(1).tolist()
    assert generated == [cap + 1 for cap in caps]  # cap tokens, then the forced end token
    assert caps[0] < caps[1]


def test_runaway_outputs_are_reported_as_capped(translator: Translator):
    assert all(r.capped for r in translator.translate(SENTENCES[:3]))


def test_outputs_that_end_on_their_own_are_not_capped(tiny_model_dir: Path, tmp_path: Path):
    """A model that prefers the end token stops early: nothing hits the cap."""
    source = resolve(str(tiny_model_dir), tmp_path, offline=True)
    eager = Translator.load(source, "cpu", Decoding(beams=2))
    with torch.no_grad():
        eager.model.final_logits_bias[0, eager.model.config.eos_token_id] = 50.0
    results = eager.translate(SENTENCES[:3])
    assert not any(r.capped for r in results)
    assert all(r.score > -1 for r in results)


def test_signature_names_model_revision_and_decoding(translator: Translator):
    signature = translator.signature()
    assert signature.revision.startswith("sha256:")
    assert signature.beams == 2  # batch sizes are not in it (tests/test_signature.py)
    assert signature.length_ratio == 2.0


def test_a_decoder_only_model_is_refused(tmp_path: Path):
    from transformers import GPT2Config

    from translate.errors import ModelError
    from translate.model.resolve import load_tokenizer

    GPT2Config(n_layer=1, n_head=1, n_embd=8).save_pretrained(tmp_path)
    with pytest.raises(ModelError, match="gpt2 model is not a translation model"):
        load_tokenizer(ModelSource("gpt", tmp_path, "x"))


def test_a_model_without_learned_positions_is_held_to_its_input_limit(tiny_model_dir: Path,
                                                                      tmp_path: Path):
    """T5's config has no max_position_embeddings (its positions are relative): the translator
    caps its outputs by the input limit instead of failing."""
    from transformers import T5Config, T5ForConditionalGeneration

    folder = tmp_path / "t5"
    folder.mkdir()
    for name in ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json"):
        shutil.copy(tiny_model_dir / name, folder / name)
    marian = json.loads((tiny_model_dir / "config.json").read_text(encoding="utf-8"))
    torch.manual_seed(0)
    config = T5Config(vocab_size=marian["vocab_size"], d_model=16, d_ff=32, d_kv=4, num_layers=1,
                      num_heads=2, pad_token_id=marian["pad_token_id"],
                      eos_token_id=marian["eos_token_id"],
                      decoder_start_token_id=marian["pad_token_id"])
    T5ForConditionalGeneration(config).save_pretrained(folder)
    assert "max_position_embeddings" not in json.loads((folder / "config.json").read_text())
    t5 = Translator.load(resolve(str(folder), tmp_path / "cache", offline=True), "cpu",
                         Decoding(beams=1))
    assert (t5.max_input_tokens, t5.max_output_tokens) == (512, 510)
    assert len(t5.translate(SENTENCES[:2])) == 2
