"""Stand-in MarianMT model folders, random or trained, for machines without the hub.

Development and CI machines cannot reach the Hugging Face hub, so `Helsinki-NLP/opus-mt-de-en`
cannot be downloaded there. This module writes a folder with the same files the hub repository
has (config.json, generation_config.json, model.safetensors, source.spm, target.spm, vocab.json,
tokenizer_config.json) so the real loading code (`AutoTokenizer.from_pretrained(dir)`,
`AutoModelForSeq2SeqLM.from_pretrained(dir)`, `model.generate()`) has real files to load.

Random weights (the default): outputs are gibberish and never end (the worst path: caps,
retries); only structure and speed are meaningful.

- ``tiny``: a few-layer model over a few hundred SentencePiece pieces; builds in well under a
  second, for tests.
- ``full``: opus-mt-de-en's exact shape (d_model 512, 6+6 layers, 8 heads, FFN 2048, vocab
  58,101, swish, shared embeddings, sinusoidal positions), so it costs the same compute per token
  as the real model; for benchmarks. vocab.json is padded with placeholder pieces up to 58,101
  entries so every id the model can emit decodes.

Trained (``trained=True``, ``--trained``): the same layout, trained until beam search (torch
fp32 and CTranslate2 int8, beam 4) reproduces `tests.standin.pairs.pairs()` exactly — every
unit of the sample article and a few short lines (tests.standin.train). It ends its
sentences, so runs take the path users take, and its English is known. ``tiny`` (a wider
d_model 64 model, ~0.4 M parameters) trains in seconds, for the suite; ``full`` (74 M) takes
minutes, so `trained_standin()` reuses a folder whose marker records the same recipe.
Its SentencePiece models are BPE over all the package's German and English text (about 1,200
and 1,100 pieces, the most this little text gives with realistic tokens per word: ~1.5 per
German, ~1.3 per English word; the real model's ~6,000-32,000 need real news text).

The special ids follow opus-mt-de-en: ``</s>`` = 0 (eos, also bos and forced eos),
``<unk>`` = 1, ``<pad>`` = last id (pad and decoder start, banned by ``bad_words_ids``).

Used by tests, benchmarks and CI only; it is not part of the installed package.

    python -m tests.standin OUT_DIR [--size tiny|full] [--seed N] [--trained]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import logging
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import sentencepiece as spm
import torch
from transformers import GenerationConfig, MarianConfig, MarianMTModel

from tests.standin.pairs import ENGLISH_LINES, GERMAN_LINES, pairs
from tests.standin.terms import dropping_pairs, glossary_pairs
from tests.standin.train import Recipe, torch_threads, train_until_exact
from translate.model.quiet import quiet_progress
from translate.output.atomic import build_folder

Size = Literal["tiny", "full"]
# What a trained stand-in learns: the sample article (the default), or the glossary tests'
# sentences with placeholders, copied or (for the failure paths) dropped.
PAIR_SETS = {"sample": pairs, "glossary": glossary_pairs, "glossary-dropping": dropping_pairs}

EOS_TOKEN, UNK_TOKEN, PAD_TOKEN = "</s>", "<unk>", "<pad>"
EOS_ID, UNK_ID = 0, 1
FULL_VOCAB_SIZE = 58_101
MAX_LENGTH = 512
MARKER_FILE = "standin.json"
PLACEHOLDER_PREFIX = "▁standin"
RECIPE_VERSION = 1  # raise when a change to the training code changes what a build learns


# Shapes. "full" is opus-mt-de-en's (its config.json on the hub); "tiny" is as small as is useful.
# "tiny" draws its weights with a wide init_std: at opus-mt's 0.02 a model this small gives the
# same output for every input, which would hide ordering bugs in tests.
@dataclass(frozen=True)
class _Shape:
    d_model: int
    layers: int  # encoder layers = decoder layers
    heads: int
    ffn: int
    init_std: float


_SHAPES: dict[str, _Shape] = {
    "tiny": _Shape(d_model=32, layers=2, heads=2, ffn=64, init_std=0.5),
    "full": _Shape(d_model=512, layers=6, heads=8, ffn=2048, init_std=0.02),
}
# Trained stand-ins start from opus-mt's init_std (training needs it, and learning breaks the
# symmetry anyway); the tiny one is wider than the random one, so it learns in a few hundred
# steps. "full" stays opus-mt-de-en's shape: benchmarks need its compute per token.
_TRAINED_SHAPES: dict[str, _Shape] = {
    "tiny": _Shape(d_model=64, layers=2, heads=4, ffn=256, init_std=0.02),
    "full": _SHAPES["full"],
}
# AdamW, lr 5e-4 and 20 warm-up steps for full size are what learned the sample in ~7 minutes
# on 2 cores; the tiny model takes a larger rate (6e-3: ~100 steps; at 1e-2 it learns more
# slowly, and its larger weights made int8 change tokens fp32 got right). A margin of 4 nats
# (the gold token ~55 times as likely as any other, at every position) usually keeps int8
# rounding from changing a token; the decoding check proves it, or training goes on.
# torch threads while training, unless the caller says: the tiny model's small matrices gain
# nothing from a second thread, and on a busy 2-core machine two threads spinning against other
# work made its build 9x slower (90 s instead of 6 s); full size uses the CPUs (torch_threads).
_TRAIN_THREADS: dict[str, int | None] = {"tiny": 1, "full": None}
RECIPES: dict[str, Recipe] = {
    "tiny": Recipe(lr=6e-3, warmup=20, max_steps=1500, margin=4.0),
    "full": Recipe(lr=5e-4, warmup=20, max_steps=1000, margin=4.0),
}


@dataclass(frozen=True)
class _Vocabulary:
    """How the SentencePiece models are trained: on which text, of which kind and size."""

    model_type: str
    source_size: int
    target_size: int
    trained: bool  # learn the stand-in pairs' text too (every character, no <unk>)

    def lines(self, pair_set: str = "sample") -> tuple[list[str], list[str]]:
        if not self.trained:
            return GERMAN_LINES, ENGLISH_LINES
        learned = PAIR_SETS[pair_set]()
        return (list(dict.fromkeys([*GERMAN_LINES, *(de for de, _ in learned)])),
                list(dict.fromkeys([*ENGLISH_LINES, *(en for _, en in learned)])))


_RANDOM_VOCABULARY = _Vocabulary("unigram", 300, 300, trained=False)
# Unigram stops at ~600 pieces on this little text; BPE at these sizes gives realistic lengths.
_TRAINED_VOCABULARY = _Vocabulary("bpe", 1200, 1100, trained=True)

def _train_spm(lines: list[str], vocab_size: int, model_type: str = "unigram") -> bytes:
    """Train a SentencePiece model in memory (deterministic for fixed input)."""
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return buf.getvalue()


@cache
def _tokenizer_files(trained: bool = False, pair_set: str = "sample"
                     ) -> tuple[bytes, bytes, tuple[str, ...]]:
    """Source and target SPM protos plus the shared piece list (without special tokens)."""
    vocabulary = _TRAINED_VOCABULARY if trained else _RANDOM_VOCABULARY
    german, english = vocabulary.lines(pair_set)
    source = _train_spm(german, vocabulary.source_size, vocabulary.model_type)
    target = _train_spm(english, vocabulary.target_size, vocabulary.model_type)
    pieces: dict[str, None] = {}
    for proto in (source, target):
        sp = spm.SentencePieceProcessor(model_proto=proto)
        for i in range(sp.get_piece_size()):
            if not (sp.is_control(i) or sp.is_unknown(i)):
                pieces[sp.id_to_piece(i)] = None
    return source, target, tuple(pieces)


def _vocab(vocab_size: int, trained: bool = False, pair_set: str = "sample") -> dict[str, int]:
    """opus-mt layout: </s>=0, <unk>=1, SPM pieces, placeholders, <pad>=vocab_size-1."""
    pieces = [EOS_TOKEN, UNK_TOKEN, *_tokenizer_files(trained, pair_set)[2]]
    n_placeholders = vocab_size - 1 - len(pieces)
    if n_placeholders < 0:
        raise ValueError(f"vocab_size {vocab_size} < {len(pieces) + 1} trained pieces")
    pieces += [f"{PLACEHOLDER_PREFIX}{i}" for i in range(n_placeholders)]
    pieces.append(PAD_TOKEN)
    vocab = {piece: i for i, piece in enumerate(pieces)}
    assert len(vocab) == vocab_size, "placeholder collides with a trained piece"
    return vocab


def tiny_vocab_size(trained: bool = False, pair_set: str = "sample") -> int:
    """Vocabulary of the tiny stand-in: the trained pieces plus </s>, <unk> and <pad>."""
    return len(_tokenizer_files(trained, pair_set)[2]) + 3


def standin_config(size: Size = "tiny", trained: bool = False, pair_set: str = "sample"
                   ) -> MarianConfig:
    """The MarianConfig `build_standin` uses; "full" mirrors opus-mt-de-en's config.json
    (trained ones have dropout 0: they learn a fixed set by heart)."""
    if size not in _SHAPES:
        raise ValueError(f"size must be 'tiny' or 'full', not {size!r}")
    shape = (_TRAINED_SHAPES if trained else _SHAPES)[size]
    vocab_size = FULL_VOCAB_SIZE if size == "full" else tiny_vocab_size(trained, pair_set)
    pad_id = vocab_size - 1
    return MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        d_model=shape.d_model,
        encoder_layers=shape.layers,
        decoder_layers=shape.layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
        activation_function="swish",
        max_position_embeddings=MAX_LENGTH,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        dropout=0.0 if trained else 0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        init_std=shape.init_std,
        pad_token_id=pad_id,
        eos_token_id=EOS_ID,
        bos_token_id=EOS_ID,
        decoder_start_token_id=pad_id,
        # A hand-built MarianConfig defaults this to 0; here 0 *is* eos, as in opus-mt-de-en.
        forced_eos_token_id=EOS_ID,
        architectures=["MarianMTModel"],
    )


def standin_generation_config(config: MarianConfig) -> GenerationConfig:
    """opus-mt-de-en's generation_config.json, with this vocabulary's pad id."""
    pad_id = config.pad_token_id
    return GenerationConfig(
        bad_words_ids=[[pad_id]],
        bos_token_id=EOS_ID,
        decoder_start_token_id=pad_id,
        eos_token_id=EOS_ID,
        forced_eos_token_id=EOS_ID,
        max_length=MAX_LENGTH,
        num_beams=4,
        pad_token_id=pad_id,
    )


def _tokenizer_config() -> dict[str, object]:
    """opus-mt-de-en's tokenizer_config.json (the hub's minimal, pre-v5 form)."""
    return {
        "source_lang": "de",
        "target_lang": "en",
        "unk_token": UNK_TOKEN,
        "eos_token": EOS_TOKEN,
        "pad_token": PAD_TOKEN,
        "model_max_length": MAX_LENGTH,
        "sp_model_kwargs": {},
        "separate_vocabs": False,
        "tokenizer_class": "MarianTokenizer",
    }


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _save_model(model: MarianMTModel, folder: Path) -> Path:
    """config.json, generation_config.json and model.safetensors, without progress bars."""
    with quiet_progress():
        model.save_pretrained(folder)
    return folder


def _pairs_sha256(pair_set: str = "sample") -> str:
    learned = PAIR_SETS[pair_set]()
    return hashlib.sha256(json.dumps(learned, ensure_ascii=False).encode()).hexdigest()


def recipe(size: Size, seed: int = 0, pair_set: str = "sample") -> dict[str, object]:
    """Everything a trained stand-in is built from; equal recipes make equivalent folders, so
    `trained_standin` reuses a folder whose marker holds the same one."""
    return json.loads(json.dumps({
        "version": RECIPE_VERSION,
        "size": size,
        "seed": seed,
        "shape": asdict(_TRAINED_SHAPES[size]),
        "vocabulary": asdict(_TRAINED_VOCABULARY),
        "training": asdict(RECIPES[size]),
        "pairs_sha256": _pairs_sha256(pair_set),
    }))


def _write_folder(folder: Path, size: Size, seed: int, trained: bool = False,
                  threads: int | None = None, pair_set: str = "sample") -> None:
    config = standin_config(size, trained, pair_set)
    source, target, pieces = _tokenizer_files(trained, pair_set)
    (folder / "source.spm").write_bytes(source)
    (folder / "target.spm").write_bytes(target)
    _write_json(folder / "vocab.json", _vocab(config.vocab_size, trained, pair_set))
    _write_json(folder / "tokenizer_config.json", _tokenizer_config())
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    model.generation_config = standin_generation_config(config)
    marker: dict[str, object] = {
        "standin": True,
        "trained": trained,
        "note": "random weights; outputs are meaningless (tests.standin)",
        "size": size,
        "seed": seed,
        "mirrors": "Helsinki-NLP/opus-mt-de-en",
        "parameters": model.num_parameters(),
        "trained_pieces": len(pieces),
    }
    if trained:
        from transformers import AutoTokenizer

        learned = PAIR_SETS[pair_set]()
        _save_model(model, folder)
        tokenizer = AutoTokenizer.from_pretrained(folder)  # the one the pipeline will load
        with torch_threads(threads or _TRAIN_THREADS[size]):
            result = train_until_exact(model, tokenizer, learned, RECIPES[size],
                                       lambda: _save_model(model, folder))
        marker |= {
            "note": f"trained until beam search reproduces the {pair_set!r} pairs exactly "
                    "(tests.standin)",
            "pairs": len(learned),
            "pairs_sha256": _pairs_sha256(pair_set),
            "steps": result.steps,
            "final_loss": round(result.loss, 6),
            "training": result.to_dict(),
            "recipe": recipe(size, seed, pair_set),
        }
    else:
        _save_model(model, folder)
    _write_json(folder / MARKER_FILE, marker)


def build_standin(out_dir: Path, size: Size = "tiny", seed: int = 0, trained: bool = False,
                  threads: int | None = None, pair_set: str = "sample") -> Path:
    """Write a MarianMT stand-in folder to `out_dir` and return its path: random weights, or
    `trained` until it reproduces its pairs (torch using `threads` threads meanwhile; default:
    1 for tiny, the CPUs this process may use for full, at most 8). Training that runs out of
    steps raises tests.standin.train.StandinTrainingError.

    The folder is built next to `out_dir` and moved into place, so it is never half-written.
    An existing `out_dir` is replaced only if it is empty or an earlier stand-in.
    """
    out_dir = Path(out_dir).resolve()
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER_FILE).is_file():
        raise FileExistsError(f"{out_dir} exists and is not a stand-in model folder")
    standin_config(size)  # validate size before doing any work
    with build_folder(out_dir, replace=True) as tmp:
        _write_folder(tmp, size, seed, trained, threads, pair_set)
        for path in (tmp, *tmp.iterdir()):  # mkdtemp and safetensors write owner-only files
            path.chmod(0o755 if path.is_dir() else 0o644)
    return out_dir


def is_trained_standin(folder: Path, size: Size, seed: int = 0, pair_set: str = "sample"
                       ) -> bool:
    """Whether `folder` holds a complete trained stand-in built from today's recipe."""
    try:
        marker = json.loads((Path(folder) / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(marker, dict) and marker.get("trained") is True
            and marker.get("recipe") == recipe(size, seed, pair_set)
            and (Path(folder) / "model.safetensors").is_file())


def trained_standin(path: Path, size: Size = "full", seed: int = 0,
                    threads: int | None = None, pair_set: str = "sample") -> Path:
    """A trained stand-in at `path`: the one already there if its recipe is today's (a
    full-size build takes minutes), else built anew. For benchmarks and test fixtures."""
    path = Path(path).resolve()
    if is_trained_standin(path, size, seed, pair_set):
        return path
    return build_standin(path, size, seed, trained=True, threads=threads, pair_set=pair_set)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.standin",
        description="Write a stand-in for Helsinki-NLP/opus-mt-de-en: random weights, or "
                    "--trained until it reproduces tests.standin.pairs exactly.",
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", choices=["tiny", "full"], default="tiny")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trained", action="store_true",
                        help="train until beam search reproduces the stand-in pairs; reuses "
                             "OUT_DIR if it already holds one from the same recipe")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads while training (default: 1 for tiny, the CPUs "
                             "for full, at most 8)")
    args = parser.parse_args(argv)
    if args.trained:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        print(trained_standin(args.out_dir, args.size, args.seed, args.threads))
    else:
        print(build_standin(args.out_dir, args.size, args.seed))

