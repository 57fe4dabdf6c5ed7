"""A decoder-only instruct model, prompted through its tokenizer's chat template."""

from __future__ import annotations

from typing import Any

from translate.errors import ModelError
from translate.model.threads import use_cpu_threads
from translate.summarizers.model import ModelSummarizer, model_limit

MOST_INPUT_TOKENS = 8192  # longer prompts go in chunks (and would be slow on a CPU anyway)


class ChatSummarizer(ModelSummarizer):
    kind = "chat"

    def _load_model(self) -> tuple[Any, Any]:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        use_cpu_threads()
        path, files = self.located.source.path, self.located.files()
        tokenizer = AutoTokenizer.from_pretrained(path, **files)
        if not getattr(tokenizer, "chat_template", None):
            raise ModelError(f"{self.model}: its tokenizer has no chat template, so it is not "
                             "an instruct model; pick a chat model or a seq2seq summariser")
        tokenizer.padding_side = "left"  # generation continues every prompt at its end
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype, config=self.config,
                                                     **files)
        # transformers wraps PreTrainedModel.to in functools.wraps, whose type mypy does not
        # bind to the instance: it takes the device for `self`
        return tokenizer, model.to(self.device).eval()  # type: ignore[arg-type]

    def _max_input_tokens(self) -> int:
        tokenizer, _ = self.loaded()
        # the answer needs room too: the longest summary this summariser writes
        return model_limit(tokenizer, self.config, MOST_INPUT_TOKENS) - 4 * self.tokens_per_sentence

    def _chats(self, prompts: list[str]) -> list[str]:
        tokenizer, _ = self.loaded()
        return [tokenizer.apply_chat_template([{"role": "user", "content": prompt}],
                                              add_generation_prompt=True, tokenize=False)
                for prompt in prompts]

    def _prompt_tokens(self, prompt: str) -> int:
        tokenizer, _ = self.loaded()
        return len(tokenizer(self._chats([prompt])[0], add_special_tokens=False)["input_ids"])

    def _generate(self, prompts: list[str], max_new_tokens: int) -> list[str]:
        import torch

        tokenizer, model = self.loaded()
        inputs = tokenizer(self._chats(prompts), return_tensors="pt", padding=True,
                           add_special_tokens=False).to(self.device)
        with torch.inference_mode():
            output = model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False,
                                    repetition_penalty=1.1,
                                    pad_token_id=tokenizer.pad_token_id)
        return tokenizer.batch_decode(output[:, inputs["input_ids"].shape[1]:],
                                      skip_special_tokens=True)
