"""Batch sizes: the CPU's defaults, a GPU's from its free memory, the user's always."""

from __future__ import annotations

import pytest

from translate.model.batch_limits import CPU_LIMITS, GPU_MOST, batch_limits
from translate.model.config import ModelConfig
from translate.settings import Decoding

OPUS_MT = ModelConfig("marian", True, 512, d_model=512, decoder_layers=6, vocab_size=58101)
GB = 2**30


def test_a_cpu_gets_the_defaults_measured_fastest_there():
    assert batch_limits(Decoding(), OPUS_MT) == CPU_LIMITS == (16, 4096)


def test_a_large_gpu_gets_the_largest_batches():
    assert batch_limits(Decoding(), OPUS_MT, free_bytes=139 * GB) == GPU_MOST == (256, 65536)


def test_a_small_gpu_gets_fewer_tokens_per_batch():
    sentences, tokens = batch_limits(Decoding(), OPUS_MT, free_bytes=8 * GB)
    assert sentences == 256
    assert 4096 < tokens < 8192  # a quarter of 8 GB at ~400 KB per input token, beam 4
    assert batch_limits(Decoding(beams=1), OPUS_MT, free_bytes=8 * GB)[1] > tokens
    assert batch_limits(Decoding(), OPUS_MT, free_bytes=GB // 2) == (36, 4096)
    assert batch_limits(Decoding(), OPUS_MT, free_bytes=GB // 8) == (16, 4096)  # the floor


@pytest.mark.parametrize("free", [None, 8 * GB, 139 * GB])
def test_the_users_batch_sizes_always_win(free):
    assert batch_limits(Decoding(batch_size=7, batch_tokens=333), OPUS_MT, free) == (7, 333)
    assert batch_limits(Decoding(batch_size=7), OPUS_MT, free)[0] == 7
