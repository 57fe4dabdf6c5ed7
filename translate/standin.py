"""Stand-in MarianMT model folders with random weights, for machines without the hub.

Development and CI machines cannot reach the Hugging Face hub, so `Helsinki-NLP/opus-mt-de-en`
cannot be downloaded there. This module writes a folder with the same files the hub repository
has (config.json, generation_config.json, model.safetensors, source.spm, target.spm, vocab.json,
tokenizer_config.json) so the real loading code (`AutoTokenizer.from_pretrained(dir)`,
`AutoModelForSeq2SeqLM.from_pretrained(dir)`, `model.generate()`) has real files to load.
The weights are random: outputs are gibberish, only structure and speed are meaningful.

- ``tiny``: a few-layer model over a few hundred SentencePiece pieces; builds in well under a
  second, for tests.
- ``full``: opus-mt-de-en's exact shape (d_model 512, 6+6 layers, 8 heads, FFN 2048, vocab
  58,101, swish, shared embeddings, sinusoidal positions), so it costs the same compute per token
  as the real model; for benchmarks. vocab.json is padded with placeholder pieces up to 58,101
  entries so every id the model can emit decodes.

Both SentencePiece models are trained at build time on the short news-like lines below.
The special ids follow opus-mt-de-en: ``</s>`` = 0 (eos, also bos and forced eos),
``<unk>`` = 1, ``<pad>`` = last id (pad and decoder start, banned by ``bad_words_ids``).

Used by tests, benchmarks and developers only; nothing in the package imports it.

    python -m translate.standin OUT_DIR [--size tiny|full] [--seed N]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import sentencepiece as spm
import torch
from transformers import GenerationConfig, MarianConfig, MarianMTModel
from transformers.utils import logging as hf_logging

Size = Literal["tiny", "full"]

EOS_TOKEN, UNK_TOKEN, PAD_TOKEN = "</s>", "<unk>", "<pad>"
EOS_ID, UNK_ID = 0, 1
FULL_VOCAB_SIZE = 58_101
MAX_LENGTH = 512
MARKER_FILE = "standin.json"
PLACEHOLDER_PREFIX = "▁standin"


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

GERMAN_LINES = [
    "Die Bundesregierung hat am Mittwoch einen neuen Haushaltsentwurf vorgelegt.",
    "In Berlin gingen am Wochenende mehrere tausend Menschen auf die Straße.",
    "Der Bahnverkehr zwischen Hamburg und Hannover ist wegen eines Unwetters unterbrochen.",
    "Die Polizei sucht nach Zeugen eines Unfalls auf der Autobahn bei Köln.",
    "Der Bürgermeister kündigte an, die Schulen der Stadt bis zum Herbst zu sanieren.",
    "Die Inflation ist im vergangenen Monat leicht gesunken.",
    "Experten rechnen mit weiter steigenden Preisen für Strom und Gas.",
    "Die Opposition kritisierte den Plan als zu teuer und zu spät.",
    "Nach Angaben des Ministeriums wurden im Mai mehr Wohnungen gebaut als im Vorjahr.",
    "Der Verein gewann das Spiel am Samstag mit zwei zu eins.",
    "Die Ärztin warnte vor einer neuen Grippewelle im Winter.",
    "Das Museum zeigt ab Freitag eine Ausstellung über die Geschichte der Stadt.",
    "Die Kanzlerin traf sich in Paris mit dem französischen Präsidenten.",
    "Wegen des Streiks fielen an den Flughäfen zahlreiche Flüge aus.",
    "Der Landtag in München debattierte über ein neues Gesetz zum Klimaschutz.",
    "Die Feuerwehr konnte den Brand in der Lagerhalle am Abend löschen.",
    "Viele Familien klagen über hohe Mieten in den großen Städten.",
    "Das Gericht in Karlsruhe wird seine Entscheidung im Juli verkünden.",
    "Die Gewerkschaft fordert sechs Prozent mehr Lohn für die Beschäftigten.",
    "Im Norden des Landes wird für Donnerstag starker Regen erwartet.",
    "Der Konzern will in den nächsten Jahren rund tausend Stellen abbauen.",
    "Die Wissenschaftler veröffentlichten ihre Ergebnisse in einer Fachzeitschrift.",
    "Nach der Wahl beginnen nun die Gespräche über eine neue Koalition.",
    "Der Minister sagte, die Lage an der Grenze sei ruhig.",
    "Die Zahl der Arbeitslosen ist im Juni gestiegen.",
    "Am Montag beginnt in vielen Bundesländern das neue Schuljahr.",
    "Die Stadtverwaltung prüft, ob die Brücke noch sicher ist.",
    "Ein Sprecher der Firma wollte sich zu den Vorwürfen nicht äußern.",
    "Die Ukraine und Russland verhandeln über einen Austausch von Gefangenen.",
    "Der Präsident reiste zu einem Treffen der Vereinten Nationen nach New York.",
    "Die Preise für Lebensmittel sind deutlich höher als vor einem Jahr.",
    "Tausende Besucher kamen zum Stadtfest an den Rhein.",
    "Die Regierung will die Steuern für kleine Unternehmen senken.",
    "Laut einer Umfrage ist die Mehrheit der Bürger mit der Politik unzufrieden.",
    "Der Sturm hat in Teilen von Bayern große Schäden verursacht.",
    "Die Verhandlungen sollen nächste Woche in Brüssel fortgesetzt werden.",
]

ENGLISH_LINES = [
    "The federal government presented a new draft budget on Wednesday.",
    "Several thousand people took to the streets in Berlin at the weekend.",
    "Rail traffic between Hamburg and Hanover has been halted by a storm.",
    "Police are looking for witnesses to an accident on the motorway near Cologne.",
    "The mayor announced that the city's schools would be renovated by the autumn.",
    "Inflation fell slightly last month.",
    "Experts expect electricity and gas prices to keep rising.",
    "The opposition criticised the plan as too expensive and too late.",
    "According to the ministry, more homes were built in May than a year earlier.",
    "The club won the match on Saturday by two goals to one.",
    "The doctor warned of a new wave of flu in the winter.",
    "From Friday the museum is showing an exhibition on the history of the city.",
    "The chancellor met the French president in Paris.",
    "Because of the strike, many flights were cancelled at the airports.",
    "The state parliament in Munich debated a new climate protection law.",
    "The fire brigade put out the fire in the warehouse in the evening.",
    "Many families complain about high rents in the big cities.",
    "The court in Karlsruhe will announce its decision in July.",
    "The union is demanding six percent more pay for the employees.",
    "Heavy rain is expected in the north of the country on Thursday.",
    "The company plans to cut around a thousand jobs over the next few years.",
    "The scientists published their results in a journal.",
    "After the election, talks on a new coalition are now beginning.",
    "The minister said the situation at the border was calm.",
    "The number of unemployed people rose in June.",
    "The new school year begins on Monday in many federal states.",
    "The city administration is checking whether the bridge is still safe.",
    "A spokesman for the firm declined to comment on the allegations.",
    "Ukraine and Russia are negotiating an exchange of prisoners.",
    "The president travelled to New York for a meeting of the United Nations.",
    "Food prices are considerably higher than a year ago.",
    "Thousands of visitors came to the town festival on the Rhine.",
    "The government wants to lower taxes for small businesses.",
    "According to a survey, most citizens are unhappy with politics.",
    "The storm caused major damage in parts of Bavaria.",
    "The negotiations are to continue in Brussels next week.",
]


def _train_spm(lines: list[str], vocab_size: int) -> bytes:
    """Train a unigram SentencePiece model in memory (deterministic for fixed input)."""
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return buf.getvalue()


@cache
def _tokenizer_files() -> tuple[bytes, bytes, tuple[str, ...]]:
    """Source and target SPM protos plus the shared piece list (without special tokens)."""
    source = _train_spm(GERMAN_LINES, 300)
    target = _train_spm(ENGLISH_LINES, 300)
    pieces: dict[str, None] = {}
    for proto in (source, target):
        sp = spm.SentencePieceProcessor(model_proto=proto)
        for i in range(sp.get_piece_size()):
            if not (sp.is_control(i) or sp.is_unknown(i)):
                pieces[sp.id_to_piece(i)] = None
    return source, target, tuple(pieces)


def _vocab(vocab_size: int) -> dict[str, int]:
    """opus-mt layout: </s>=0, <unk>=1, SPM pieces, placeholders, <pad>=vocab_size-1."""
    pieces = [EOS_TOKEN, UNK_TOKEN, *_tokenizer_files()[2]]
    n_placeholders = vocab_size - 1 - len(pieces)
    if n_placeholders < 0:
        raise ValueError(f"vocab_size {vocab_size} < {len(pieces) + 1} trained pieces")
    pieces += [f"{PLACEHOLDER_PREFIX}{i}" for i in range(n_placeholders)]
    pieces.append(PAD_TOKEN)
    vocab = {piece: i for i, piece in enumerate(pieces)}
    assert len(vocab) == vocab_size, "placeholder collides with a trained piece"
    return vocab


def tiny_vocab_size() -> int:
    """Vocabulary of the tiny stand-in: the trained pieces plus </s>, <unk> and <pad>."""
    return len(_tokenizer_files()[2]) + 3


def standin_config(size: Size = "tiny") -> MarianConfig:
    """The MarianConfig `build_standin` uses; "full" mirrors opus-mt-de-en's config.json."""
    if size not in _SHAPES:
        raise ValueError(f"size must be 'tiny' or 'full', not {size!r}")
    shape = _SHAPES[size]
    vocab_size = FULL_VOCAB_SIZE if size == "full" else tiny_vocab_size()
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
        dropout=0.1,
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


def _write_folder(folder: Path, size: Size, seed: int) -> None:
    config = standin_config(size)
    source, target, _ = _tokenizer_files()
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    model.generation_config = standin_generation_config(config)
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        model.save_pretrained(folder)  # config.json, generation_config.json, model.safetensors
    finally:
        if bars:
            hf_logging.enable_progress_bar()
    (folder / "source.spm").write_bytes(source)
    (folder / "target.spm").write_bytes(target)
    _write_json(folder / "vocab.json", _vocab(config.vocab_size))
    _write_json(folder / "tokenizer_config.json", _tokenizer_config())
    _write_json(
        folder / MARKER_FILE,
        {
            "standin": True,
            "note": "random weights; outputs are meaningless (translate.standin)",
            "size": size,
            "seed": seed,
            "mirrors": "Helsinki-NLP/opus-mt-de-en",
            "parameters": model.num_parameters(),
            "trained_pieces": len(_tokenizer_files()[2]),
        },
    )


def build_standin(out_dir: Path, size: Size = "tiny", seed: int = 0) -> Path:
    """Write a random-weights MarianMT folder to `out_dir` and return its path.

    The folder is built next to `out_dir` and moved into place, so it is never half-written.
    An existing `out_dir` is replaced only if it is empty or an earlier stand-in.
    """
    out_dir = Path(out_dir).resolve()
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER_FILE).is_file():
        raise FileExistsError(f"{out_dir} exists and is not a stand-in model folder")
    standin_config(size)  # validate size before doing any work
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        _write_folder(tmp, size, seed)
        for path in (tmp, *tmp.iterdir()):  # mkdtemp and safetensors write owner-only files
            path.chmod(0o755 if path.is_dir() else 0o644)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m translate.standin",
        description="Write a random-weights stand-in for Helsinki-NLP/opus-mt-de-en.",
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", choices=["tiny", "full"], default="tiny")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(build_standin(args.out_dir, args.size, args.seed))


if __name__ == "__main__":
    main()
