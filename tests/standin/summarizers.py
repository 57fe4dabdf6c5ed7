"""Tiny random seq2seq summarisers for tests: real model classes saved with the stand-in's
Marian tokenizer files, so the summariser code loads and runs them as it would a hub model."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.standin import tiny_vocab_size

TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json")


def seq2seq_folder(folder: Path, tokenizer_dir: Path, model_class: Any, config: Any) -> Path:
    """`folder` with a random `model_class(config)` (seed 0) and `tokenizer_dir`'s tokenizer."""
    import torch

    folder.mkdir(parents=True, exist_ok=True)
    for file in TOKENIZER_FILES:
        shutil.copy(tokenizer_dir / file, folder / file)
    torch.manual_seed(0)
    model_class(config).save_pretrained(folder)
    return folder


def tiny_bart(folder: Path, tokenizer_dir: Path) -> Path:
    """A one-layer BART in `folder`, with the tiny stand-in's tokenizer (`tokenizer_dir`)."""
    from transformers import BartConfig, BartForConditionalGeneration

    vocab = tiny_vocab_size()
    config = BartConfig(vocab_size=vocab, d_model=32, encoder_layers=1, decoder_layers=1,
                        encoder_attention_heads=2, decoder_attention_heads=2,
                        encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=512,
                        pad_token_id=vocab - 1, eos_token_id=0, bos_token_id=0,
                        decoder_start_token_id=vocab - 1, forced_eos_token_id=None,
                        forced_bos_token_id=None, init_std=0.5)
    return seq2seq_folder(folder, tokenizer_dir, BartForConditionalGeneration, config)
