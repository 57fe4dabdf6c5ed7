"""A GGUF chat model run by llama.cpp (llama-cpp-python, the `chat` extra): quantised as the
file is, one thread per idle CPU this process may use (translate.model.threads), prompted
through the chat template the file carries. Same prompts, greedy decoding and output rules as
chat.py, which runs hub models through transformers.

llama.cpp decodes one sequence at a time here, so prompts go one by one (a batch would only
pad them), those asking for as many sentences together; it keeps the attention cache of the
tokens it last read, and a prompt that starts like the one before (the chat template's system
turn, the same instruction) reads only what differs.
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from typing import Any

from translate.errors import ModelError
from translate.model.threads import idle_cpus
from translate.summarizers.model import ModelSummarizer

INSTALL = "pip install 'translate-de-en[chat]'"
# The attention cache is allocated whole when the model loads: 4,096 tokens hold the longest
# prompt the sample needs three times over (SmolLM2-135M: 94 MB); longer texts go in chunks.
MOST_CONTEXT = 4096
REPETITION_PENALTY = 1.1  # as chat.py; llama.cpp applies it to the tokens it writes


def require_llama_cpp(name: str) -> None:
    """A one-line error for the .gguf file `name` where llama-cpp-python is not installed
    (looked up, not imported: a run whose summaries are all in the memory never loads it)."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise ModelError(f"{name}: GGUF models run on llama.cpp, which is not installed: "
                         f"{INSTALL} (it builds llama-cpp-python where no wheel fits; "
                         "see docs/summaries.md)")


class LlamaCppSummarizer(ModelSummarizer):
    kind = "chat"
    batch_size = 1

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self.signature["runtime"] = "llama.cpp"  # its answers are not transformers'

    def _load_model(self) -> tuple[Any, Any]:
        """The chat template (a jinja2 formatter) and the model."""
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        path = self.located.source.path / (self.located.gguf_file or "")
        threads = idle_cpus()  # a thread on a CPU another process keeps busy slows them all
        model = Llama(str(path), n_ctx=MOST_CONTEXT, n_threads=threads,
                      n_threads_batch=threads, last_n_tokens_size=MOST_CONTEXT, verbose=False)
        template = model.metadata.get("tokenizer.chat_template")
        if not template:
            raise ModelError(f"{self.model}: the file has no chat template, so it is not an "
                             "instruct model; pick a chat model")
        special = model.tokenizer_.detokenize
        formatter = Jinja2ChatFormatter(
            template, eos_token=special([model.token_eos()], special=True).decode(),
            bos_token=special([model.token_bos()], special=True).decode())
        return formatter, model

    @contextlib.contextmanager
    def _quiet_loading(self) -> Iterator[None]:
        yield  # llama.cpp is quiet with verbose=False, and transformers is not needed

    def _max_input_tokens(self) -> int:
        _, model = self.loaded()
        trained = model.metadata.get(f"{model.metadata.get('general.architecture')}"
                                     ".context_length")
        limit = min(model.n_ctx(), int(trained or MOST_CONTEXT))
        return limit - 4 * self.tokens_per_sentence  # room for the longest answer

    def _count_tokens(self, text: str) -> int:
        _, model = self.loaded()
        return len(model.tokenize(text.encode(), add_bos=False))

    def _prompt_tokens(self, prompt: str) -> int:
        return len(self._chat_tokens(prompt))

    def _chat_tokens(self, prompt: str) -> list[int]:
        """`prompt` as the model reads it: inside its chat template, as the user's turn."""
        formatter, model = self.loaded()
        chat = formatter(messages=[{"role": "user", "content": prompt}]).prompt
        tokens: list[int] = model.tokenize(chat.encode(), add_bos=False, special=True)
        return tokens

    def _generate(self, prompts: list[str], max_new_tokens: int) -> list[str]:
        _, model = self.loaded()
        answers = []
        for prompt in prompts:
            completion = model.create_completion(
                self._chat_tokens(prompt), max_tokens=max_new_tokens, temperature=0.0,
                repeat_penalty=REPETITION_PENALTY)
            answers.append(completion["choices"][0]["text"])
        return answers
