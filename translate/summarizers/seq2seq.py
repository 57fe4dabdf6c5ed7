"""An encoder-decoder summarisation model: BART, Pegasus, T5 (with its task prefix)."""

from __future__ import annotations

from typing import Any

from translate.model.threads import use_cpu_threads
from translate.summarizers.model import ModelSummarizer, model_limit

MOST_INPUT_TOKENS = 1024  # BART's and Pegasus's positions; longer texts go in chunks


class Seq2SeqSummarizer(ModelSummarizer):
    kind = "seq2seq"

    def _prompt(self, name: str, text: str, sentences: int, title: str) -> str:
        template = self.prompts.seq2seq(self.config.model_type)
        return self.prompts.render(template, text=text, sentences=sentences, title=title)

    def _load_model(self) -> tuple[Any, Any]:
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        use_cpu_threads()
        path, files = self.located.source.path, self.located.files()
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        tokenizer = AutoTokenizer.from_pretrained(path, **files)
        model = AutoModelForSeq2SeqLM.from_pretrained(path, dtype=dtype, **files)
        return tokenizer, model.to(self.device).eval()

    def _max_input_tokens(self) -> int:
        tokenizer, _ = self.loaded()
        return model_limit(tokenizer, self.config, MOST_INPUT_TOKENS)

    def _generate(self, prompts: list[str], max_new_tokens: int) -> list[str]:
        import torch

        tokenizer, model = self.loaded()
        # no truncation: every prompt fits (see ModelSummarizer._chunks)
        inputs = tokenizer(prompts, return_tensors="pt", padding=True).to(self.device)
        with torch.inference_mode():
            output = model.generate(**inputs, max_new_tokens=max_new_tokens, min_length=0)
        return tokenizer.batch_decode(output, skip_special_tokens=True)
