"""The stand-in model builder: folders the real loading code can use with no network."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import huggingface_hub.constants
import pytest
import torch
from safetensors.torch import load_file
from transformers import (
    AutoConfig,
    AutoModelForSeq2SeqLM,
    AutoTokenizer,
    MarianMTModel,
    MarianTokenizer,
)

from tests import standin
from tests.standin import build_standin, standin_config, standin_generation_config

# MarianTokenizer warns on every load when sacremoses is missing; we do not depend on it.
pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")

# Only characters and words that occur in the module's training lines: no <unk> pieces.
GERMAN = "Die Polizei in Berlin hat am Montag einen neuen Plan vorgelegt."
HUB_FILES = {
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
}


def opus_mt_de_en_parameters() -> int:
    """Parameters of Helsinki-NLP/opus-mt-de-en, from its published shape (hub: 74.4M)."""
    d, ffn, layers, vocab, positions = 512, 2048, 6, 58_101, 512
    attention = 4 * (d * d + d)
    layer_norm = 2 * d
    feed_forward = d * ffn + ffn + ffn * d + d
    encoder_layer = attention + feed_forward + 2 * layer_norm
    decoder_layer = 2 * attention + feed_forward + 3 * layer_norm
    shared_embedding = vocab * d  # encoder, decoder and lm_head share one matrix
    sinusoids = 2 * positions * d  # encoder and decoder position tables (not trained)
    return shared_embedding + layers * (encoder_layer + decoder_layer) + sinusoids


@pytest.fixture(scope="module")
def tokenizer(tiny_model_dir: Path) -> MarianTokenizer:
    return AutoTokenizer.from_pretrained(tiny_model_dir)


@pytest.fixture(scope="module")
def model(tiny_model_dir: Path) -> MarianMTModel:
    return AutoModelForSeq2SeqLM.from_pretrained(tiny_model_dir).eval()


def test_folder_has_the_hub_files_with_safetensors_weights(tiny_model_dir: Path) -> None:
    names = {p.name for p in tiny_model_dir.iterdir()}
    assert names >= HUB_FILES
    assert not names & {"pytorch_model.bin", "model.bin", "tf_model.h5"}
    marker = json.loads((tiny_model_dir / standin.MARKER_FILE).read_text())
    assert marker["standin"] is True and marker["size"] == "tiny"
    assert not list(tiny_model_dir.parent.glob(".tiny.*")), "temporary build folder left behind"


def test_tokenizer_is_marian_and_round_trips_german(tokenizer: MarianTokenizer) -> None:
    assert isinstance(tokenizer, MarianTokenizer)
    ids = tokenizer(GERMAN).input_ids
    assert ids[-1] == tokenizer.eos_token_id == 0
    assert tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == GERMAN
    # SentencePiece (nmt_nfkc) collapses runs of spaces and trims; nothing else changes.
    assert tokenizer.decode(tokenizer("  Die  Polizei ").input_ids, skip_special_tokens=True) == (
        "Die Polizei"
    )


def test_vocab_follows_opus_mt_layout(tiny_model_dir: Path, tokenizer: MarianTokenizer) -> None:
    vocab = json.loads((tiny_model_dir / "vocab.json").read_text(encoding="utf-8"))
    config = AutoConfig.from_pretrained(tiny_model_dir)
    assert len(vocab) == config.vocab_size == standin.tiny_vocab_size()
    assert 300 <= config.vocab_size <= 1000  # a few hundred trained pieces, no placeholders
    assert sorted(vocab.values()) == list(range(len(vocab)))
    assert (vocab["</s>"], vocab["<unk>"], vocab["<pad>"]) == (0, 1, config.vocab_size - 1)
    assert tokenizer.pad_token_id == config.pad_token_id == config.decoder_start_token_id
    assert tokenizer.eos_token_id == config.eos_token_id == 0
    assert not any(piece.startswith(standin.PLACEHOLDER_PREFIX) for piece in vocab)


def test_generate_returns_sequences_and_scores(
    tokenizer: MarianTokenizer, model: MarianMTModel
) -> None:
    batch = tokenizer([GERMAN, "Der Zug fiel aus."], return_tensors="pt", padding=True)
    with torch.inference_mode():
        out = model.generate(
            **batch,
            num_beams=2,
            max_new_tokens=8,
            output_scores=True,
            return_dict_in_generate=True,
        )
    assert out.sequences.shape[0] == 2 and out.sequences.shape[1] <= 9
    assert out.sequences_scores.shape == (2,)
    assert torch.isfinite(out.sequences_scores).all()
    config = model.config
    assert (out.sequences[:, 0] == config.decoder_start_token_id).all()
    assert (out.sequences[:, 1:] != config.pad_token_id).all()  # bad_words_ids bans <pad>
    # Cut at the length limit, the output ends with the forced token: it must be eos itself,
    # not the stray 0 a hand-built MarianConfig forces by default.
    assert config.forced_eos_token_id == config.eos_token_id == tokenizer.eos_token_id
    assert model.generation_config.forced_eos_token_id == tokenizer.eos_token_id
    assert (out.sequences[:, -1] == tokenizer.eos_token_id).all()
    texts = tokenizer.batch_decode(out.sequences, skip_special_tokens=True)
    assert all(isinstance(t, str) and "</s>" not in t and "<pad>" not in t for t in texts)


def test_generation_defaults_mirror_opus_mt(model: MarianMTModel) -> None:
    gen = model.generation_config
    pad = model.config.pad_token_id
    assert (gen.num_beams, gen.max_length, gen.bad_words_ids) == (4, 512, [[pad]])
    assert (gen.eos_token_id, gen.pad_token_id, gen.decoder_start_token_id) == (0, pad, pad)


def test_different_inputs_give_different_outputs(
    tokenizer: MarianTokenizer, model: MarianMTModel
) -> None:
    # Random weights, but not input-blind: tests can tell which output belongs to which input.
    sentences = standin.GERMAN_LINES[:8]
    batch = tokenizer(sentences, return_tensors="pt", padding=True)
    with torch.inference_mode():
        out = model.generate(**batch, num_beams=1, max_new_tokens=10)
    assert len({tuple(row.tolist()) for row in out}) >= len(sentences) // 2


def test_positions_are_static_sinusoids(model: MarianMTModel) -> None:
    table = model.model.encoder.embed_positions.weight
    half = model.config.d_model // 2
    assert table.shape == (512, model.config.d_model)
    assert torch.equal(table[0, :half], torch.zeros(half))  # sin(0)
    assert torch.equal(table[0, half:], torch.ones(half))  # cos(0)
    assert math.isclose(table[1, 0].item(), math.sin(1.0), rel_tol=1e-6)
    assert torch.equal(table, model.model.decoder.embed_positions.weight)


def test_same_seed_same_weights_other_seed_other_weights(tmp_path: Path) -> None:
    a = load_file(build_standin(tmp_path / "a", seed=1) / "model.safetensors")
    b = load_file(build_standin(tmp_path / "b", seed=1) / "model.safetensors")
    c = load_file(build_standin(tmp_path / "c", seed=2) / "model.safetensors")
    assert a.keys() == b.keys() == c.keys()
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not all(torch.equal(a[k], c[k]) for k in a)
    vocab_a, vocab_c = (tmp_path / "a" / "vocab.json"), (tmp_path / "c" / "vocab.json")
    assert vocab_a.read_bytes() == vocab_c.read_bytes()  # tokenizers do not depend on the seed


def test_rebuild_replaces_a_standin_but_never_a_foreign_folder(tmp_path: Path) -> None:
    out = build_standin(tmp_path / "m")
    assert build_standin(out, seed=3) == out
    assert json.loads((out / standin.MARKER_FILE).read_text())["seed"] == 3
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        build_standin(foreign)
    assert (foreign / "notes.txt").read_text() == "keep me"
    with pytest.raises(ValueError):
        build_standin(tmp_path / "x", size="huge")  # type: ignore[arg-type]
    assert not (tmp_path / "x").exists()


def test_cli_writes_a_loadable_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    standin.main([str(tmp_path / "cli"), "--size", "tiny", "--seed", "5"])
    assert capsys.readouterr().out.strip() == str((tmp_path / "cli").resolve())
    assert isinstance(AutoModelForSeq2SeqLM.from_pretrained(tmp_path / "cli"), MarianMTModel)


def test_full_config_has_opus_mt_de_en_shape() -> None:
    config = standin_config("full")
    assert config.vocab_size == config.decoder_vocab_size == 58_101
    assert (config.encoder_layers, config.decoder_layers) == (6, 6)
    assert config.d_model == 512
    assert (config.encoder_attention_heads, config.decoder_attention_heads) == (8, 8)
    assert (config.encoder_ffn_dim, config.decoder_ffn_dim) == (2048, 2048)
    assert config.activation_function == "swish"
    assert config.max_position_embeddings == 512
    assert config.scale_embedding and config.share_encoder_decoder_embeddings
    assert (config.pad_token_id, config.decoder_start_token_id) == (58_100, 58_100)
    assert (config.eos_token_id, config.forced_eos_token_id) == (0, 0)
    gen = standin_generation_config(config)
    assert (gen.num_beams, gen.max_length, gen.bad_words_ids) == (4, 512, [[58_100]])

    with torch.device("meta"):  # shapes only: no memory, no time
        model = MarianMTModel(config)
    count = model.num_parameters()
    assert math.isclose(count, opus_mt_de_en_parameters(), rel_tol=0.01)
    assert 73_600_000 < count < 75_200_000  # 74.4M ± 1 %


@pytest.mark.slow
def test_full_build_loads_and_every_id_decodes(tmp_path: Path) -> None:
    out = build_standin(tmp_path / "full", size="full")
    vocab = json.loads((out / "vocab.json").read_text(encoding="utf-8"))
    assert len(vocab) == 58_101 and vocab["<pad>"] == 58_100
    tokenizer = AutoTokenizer.from_pretrained(out)
    texts = tokenizer.batch_decode([[i] for i in range(58_101)])
    assert texts[-1] == "<pad>" and texts[0] == "</s>"
    assert texts[58_000].startswith(standin.PLACEHOLDER_PREFIX.lstrip("▁"))
    model = AutoModelForSeq2SeqLM.from_pretrained(out)
    assert model.config.vocab_size == 58_101
    assert math.isclose(model.num_parameters(), opus_mt_de_en_parameters(), rel_tol=0.01)
    assert model.get_input_embeddings().weight is model.get_output_embeddings().weight


def test_session_is_offline_with_a_private_hf_home() -> None:
    assert huggingface_hub.constants.HF_HUB_OFFLINE is True
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert "translate-tests-hf-home-" in os.environ["HF_HOME"]
    assert os.environ["HF_HOME"] == huggingface_hub.constants.HF_HOME


def test_hub_id_fails_fast_offline(offline_env: None) -> None:
    with pytest.raises(OSError):
        AutoConfig.from_pretrained("Helsinki-NLP/opus-mt-de-en")
