"""How many sentences and input tokens go into one batch.

On a CPU, small batches: 16 sentences and 4,096 tokens were the fastest measured there. On a
GPU, batches as large as a quarter of its free memory holds: on an H200, transformers'
generate() went from 892 target tokens/s at 16 sentences a batch to 5,264 at 256. The memory
one batch needs is estimated from the model's sizes: per input token, the encoder's states and
the keys and values of the decoder's self- and cross-attention for every beam (an output as
long as its input, fp32), and per sentence the logits of a decoding step and the copies beam
search makes of them. A user's --batch-size and --batch-tokens always win.
"""

from __future__ import annotations

from translate.model.config import ModelConfig
from translate.settings import Decoding

CPU_LIMITS = (16, 4096)  # sentences, input tokens (padding included)
GPU_LEAST = (16, 4096)
GPU_MOST = (256, 65536)
FLOAT_BYTES = 4
LOGIT_COPIES = 4  # logits, log-softmax, the processed scores, top-k's input


def batch_limits(decoding: Decoding, config: ModelConfig, free_bytes: int | None = None
                 ) -> tuple[int, int]:
    """(sentences, input tokens) per batch: the user's, else the CPU's defaults, else, on a GPU
    with `free_bytes` free, what a quarter of it holds within GPU_LEAST and GPU_MOST."""
    if free_bytes is None:
        sentences, tokens = CPU_LIMITS
    else:
        budget = free_bytes // 4
        per_token = decoding.beams * 2 * (1 + 2 * 2 * config.decoder_layers) * config.d_model
        per_sentence = decoding.beams * config.vocab_size * LOGIT_COPIES
        sentences = _within(budget // (per_sentence * FLOAT_BYTES), GPU_LEAST[0], GPU_MOST[0])
        tokens = _within(budget // (per_token * FLOAT_BYTES), GPU_LEAST[1], GPU_MOST[1])
    return decoding.batch_size or sentences, decoding.batch_tokens or tokens


def _within(value: int, least: int, most: int) -> int:
    return max(least, min(value, most))
