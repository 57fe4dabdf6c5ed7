"""Model summarisers (translate.summarizers): prompts, choosing the kind, seq2seq and chat code
paths on tiny random models, the memory, and one real instruct model (SmolLM2-135M, GGUF)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.smollm2 import smollm2_on_llama_cpp
from tests.standin.pairs import SECTIONS_EN as ENGLISH
from tests.standin.pairs import TITLE_EN as TITLE
from tests.standin.summarizers import seq2seq_folder
from translate.document import CLAIM_NOT_IN_TEXT, Document, RunRecord, Section
from translate.errors import UsageError
from translate.output.render import render
from translate.run.store import TranslationMemory
from translate.settings import Settings
from translate.sources.readers import read_file
from translate.summarizers import (
    ExtractiveSummarizer,
    NoSummarizer,
    check_summarizer,
    make_summarizer,
)
from translate.summarizers import model as summarize
from translate.summarizers.facts import unsupported
from translate.summarizers.prompts import load_prompts
from translate.summarizers.texts import share, tidy
from translate.text.english import sentences_of

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "putin-kim-wostotschny.txt"
CHAT_TEMPLATE = ("{% for m in messages %}<|user|>{{ m['content'] }}<eos>{% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|>{% endif %}")


def sample_document():
    """The sample as read, with the English of the fixture filled in."""
    document = read_file(SAMPLE)
    document.title.en = TITLE
    assert len(document.sections) == len(ENGLISH)
    for section, (heading, sentences) in zip(document.sections, ENGLISH, strict=True):
        if section.heading:
            section.heading.en = heading
        german = list(section.sentences())
        assert len(german) == len(sentences), section.heading
        for sentence, english in zip(german, sentences, strict=True):
            sentence.en = english
    return document


def settings(summarizer: str, **changes) -> Settings:
    return Settings(inputs=(), summarizer=summarizer, device="cpu", **changes)


@pytest.fixture(scope="module")
def tiny_t5_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from transformers import T5Config, T5ForConditionalGeneration

    from tests.standin import tiny_vocab_size

    vocab = tiny_vocab_size()
    config = T5Config(vocab_size=vocab, d_model=32, d_kv=16, d_ff=64, num_layers=1,
                      num_heads=2, pad_token_id=vocab - 1, eos_token_id=0,
                      decoder_start_token_id=vocab - 1, initializer_factor=5.0)
    return seq2seq_folder(tmp_path_factory.mktemp("t5"), tiny_model_dir,
                          T5ForConditionalGeneration, config)


@pytest.fixture(scope="module")
def tiny_chat_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Llama with a byte-level BPE tokenizer and a chat template of our own."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    from tests.standin.pairs import ENGLISH_LINES

    folder = tmp_path_factory.mktemp("chat")
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(ENGLISH_LINES, trainers.BpeTrainer(
        vocab_size=400, special_tokens=["<pad>", "<eos>", "<|user|>", "<|assistant|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token="<eos>",
                                        pad_token="<pad>")
    tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.save_pretrained(folder)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64,
                         num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=2,
                         max_position_embeddings=2048, pad_token_id=0, eos_token_id=1,
                         bos_token_id=1, initializer_range=0.5)
    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder


# ---------------------------------------------------------------- prompts and options

def test_shipped_prompts_are_valid():
    prompts = load_prompts()
    assert set(prompts.templates) >= {"section_summary", "article_summary", "seq2seq",
                                      "seq2seq-t5"}
    assert prompts.render(prompts.seq2seq("t5"), text="X.", sentences=1, title="") \
        == "summarize: X."
    assert prompts.render(prompts.seq2seq("bart"), text="X.", sentences=1, title="") == "X."


@pytest.mark.parametrize(
    ("name", "template", "message"),
    [
        ("section_summary.txt", "Summarise {txt} please", "unknown placeholder {txt}"),
        ("article_summary.txt", "Summarise in {sentences} sentences.", "no {text} placeholder"),
        ("seq2seq.txt", "{text} {0}", "unknown placeholder {0}"),
        ("section_summary.txt", "A brace { alone {text}", "literal brace"),
        ("summary.txt", "{text}", "not a prompt this tool reads"),
    ],
)
def test_a_bad_prompt_is_a_usage_error_before_any_model_loads(tmp_path, name, template,
                                                               message):
    (tmp_path / name).write_text(template)
    # the summariser names no model that exists: the prompt check must come first
    wanted = settings(str(tmp_path / "missing.gguf"), prompt_dir=tmp_path)
    with pytest.raises(UsageError, match=message.replace("{", r"\{").replace("}", r"\}")):
        make_summarizer(wanted)


def test_prompt_dir_overrides_one_template(tmp_path):
    (tmp_path / "section_summary.txt").write_text("Shorten: {text}\n")
    prompts = load_prompts(tmp_path)
    assert prompts.templates["section_summary"] == "Shorten: {text}"
    assert prompts.templates["article_summary"] == load_prompts().templates["article_summary"]


@pytest.mark.parametrize("value", ["extractive", "none", "sshleifer/distilbart-cnn-12-6",
                                   "gpt2", "models/SmolLM2.gguf", "./x.gguf"])
def test_summarizer_values_accepted(value):
    assert check_summarizer(value) == value


@pytest.mark.parametrize("value", ["a/b/c", "-", "two words", "../missing"])
def test_summarizer_values_refused(value):
    with pytest.raises(UsageError, match="--summarizer must be one of extractive, none"):
        check_summarizer(value)


@pytest.mark.parametrize("value", ["gpt2", "t5-small", "owner/name", "a/b/c", "../x", "-"])
def test_summarizer_and_model_take_the_same_hub_ids(value, tmp_path):
    """One rule for both options: what --model would try to fetch, --summarizer accepts."""
    from translate.errors import ModelError
    from translate.model.resolve import resolve

    try:
        resolve(value, tmp_path, offline=True)
        model_takes = True
    except ModelError as exc:
        model_takes = "not a Hugging Face model id" not in str(exc)
    try:
        summarizer_takes = check_summarizer(value) == value
    except UsageError:
        summarizer_takes = False
    assert model_takes == summarizer_takes


def test_kinds_without_models():
    assert isinstance(make_summarizer(settings("none")), NoSummarizer)
    extractive = make_summarizer(settings("extractive", summary_sentences=1))
    assert isinstance(extractive, ExtractiveSummarizer) and extractive.sentences == 1


def test_offline_without_the_model_falls_back_to_extractive(tmp_path):
    import logging

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("translate.summarizers")
    logger.addHandler(handler)
    try:
        summarizer = make_summarizer(settings("sshleifer/distilbart-cnn-12-6", offline=True,
                                              cache_dir=tmp_path))
    finally:
        logger.removeHandler(handler)
    assert isinstance(summarizer, ExtractiveSummarizer)
    assert [r.getMessage() for r in records] == [
        f"summarizer sshleifer/distilbart-cnn-12-6: not in the model cache ({tmp_path}) and "
        "offline mode (--offline or HF_HUB_OFFLINE=1) forbids downloading; run once online, or "
        "see docs/offline.md; writing extractive summaries instead"]


# ---------------------------------------------------------------- the rules summaries keep

@pytest.mark.parametrize(
    ("output", "sentences", "expected"),
    [
        ("Summary: Putin met Kim. They talked. About arms.", 2, "Putin met Kim. They talked."),
        ("**Summary:** Putin met Kim at the spaceport.", 1, "Putin met Kim at the spaceport."),
        ("Here is a summary of the text: Putin met Kim.", 2, "Putin met Kim."),
        ("Putin met Kim. They talked about", 2, "Putin met Kim."),
        ("Putin met Kim and talked about", 2, "Putin met Kim and talked about…"),
        ("Putin met Kim and " + "talked a lot and " * 20, 1, None),  # longer than the text
        ("", 2, None),
        ("Putin met Kim in 2019. They bought 500 shells. Kim left.", 2,
         "Putin met Kim in 2019. Kim left."),  # 500 is not in the text
    ],
)
def test_tidy(output, sentences, expected):
    source = " ".join(["Putin met Kim at the spaceport in 2019 and they talked about arms."] * 3)
    assert tidy(output, source, sentences) == expected


def test_article_text_reads_every_section():
    sections = [[f"Section {i} sentence {j} has five words." for j in range(50)]
                for i in range(4)]
    text = share(sections, 200)
    assert [part.split()[1] for part in text.split("\n\n")] == ["0", "1", "2", "3"]
    assert len(text.split()) <= 200


# ---------------------------------------------------------------- tiny random models

def check_structure(document, summarizer) -> None:
    lengths = [len(" ".join(s.en for s in section.sentences()).split())
               for section in document.sections]
    for section, words in zip(document.sections, lengths, strict=True):
        if section.summary is not None:
            assert section.summary.strip() and len(section.summary.split()) < words
    if document.summary is not None:
        assert len(document.summary.split()) < sum(lengths)


@pytest.fixture
def tiny_summarizers(tiny_bart_dir, tiny_t5_dir, tiny_chat_dir) -> dict[str, Path]:
    return {"bart": tiny_bart_dir, "t5": tiny_t5_dir, "chat": tiny_chat_dir}


@pytest.mark.parametrize(("family", "kind", "prompt_start", "batches"), [
    ("bart", "seq2seq", "High-level visit", [1, 1, 2, 4, 5]),  # BART reads the text as it is
    ("t5", "seq2seq", "summarize: High-level visit", [1, 1, 2, 4, 5]),  # T5: a task prefix
    ("chat", "chat", "Summarize this section of a news article in 1 short", [1, 2, 3]),
])
def test_model_summaries_batched_and_cached(family, kind, prompt_start, batches,
                                            tiny_summarizers, tmp_path, monkeypatch):
    folder = tiny_summarizers[family]
    monkeypatch.setattr(summarize, "TOKENS_PER_SENTENCE", 6)
    calls: list[list[str]] = []
    memory = TranslationMemory(tmp_path / "memory.sqlite")
    summarizer = make_summarizer(settings(str(folder)), memory.summaries)
    assert (summarizer.kind, summarizer.model) == (kind, str(folder))
    generate = summarizer._generate
    monkeypatch.setattr(summarizer, "_generate",
                        lambda prompts, tokens: calls.append(prompts) or
                        generate(prompts, tokens))
    document = sample_document()
    summarizer.summarize(document)
    check_structure(document, summarizer)
    # five sections and the article, one batch per length: 1-sentence summaries (the lead and
    # the last section), 2-sentence ones (three sections), 4 sentences (the article). The
    # seq2seq models read at most 512 tokens of their near-character tokenizer: the article
    # (2,011 tokens) goes in 5 chunks and the second section (605) in 2, and a second round
    # summarises each one's chunk summaries.
    assert summarizer.generated == 6 and sorted(map(len, calls)) == batches
    lead_text = " ".join(s.en for s in document.sections[0].sentences())
    lead = summarizer._prompt("section_summary", lead_text, 1, TITLE)
    assert lead.startswith(prompt_start) and any(lead in batch for batch in calls)
    rows = memory.db.execute("SELECT COUNT(*) FROM summaries").fetchone()[0]
    assert rows == 6
    first = [s.summary for s in document.sections], document.summary

    again = make_summarizer(settings(str(folder)), memory.summaries)
    document = sample_document()
    again.summarize(document)
    assert again.generated == 0 and again._loaded is None  # all from memory, no model loaded
    assert ([s.summary for s in document.sections], document.summary) == first
    memory.close()


class RecordingTokenizer:
    """The real tokenizer, recording every batch it encodes for the model (the prompts and
    how many tokens each one is)."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer, self.batches = tokenizer, []

    def __call__(self, text, **options):
        encoded = self.tokenizer(text, **options)
        if options.get("return_tensors"):
            self.batches.append(list(zip(text, encoded["attention_mask"].sum(1).tolist(),
                                         strict=True)))
        return encoded

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)


def test_a_text_longer_than_the_model_reads_is_summarised_in_chunks(tiny_bart_dir,
                                                                   monkeypatch):
    monkeypatch.setattr(summarize, "TOKENS_PER_SENTENCE", 6)
    summarizer = make_summarizer(settings(str(tiny_bart_dir)))
    tokenizer, model = summarizer.loaded()
    recording = RecordingTokenizer(tokenizer)
    summarizer._loaded = recording, model
    limit = summarizer._max_input_tokens()
    document = sample_document()
    article = " ".join(s.en for s in document.sentences())
    assert len(tokenizer(article)["input_ids"]) > 3 * limit  # the article needs chunks
    summarizer.summarize(document)
    prompts = [(prompt, tokens) for batch in recording.batches for prompt, tokens in batch]
    assert max(tokens for _, tokens in prompts) <= limit  # every input fits: nothing is cut
    for sentence in document.sentences():  # ... and every sentence reaches the model
        assert any(sentence.en in prompt for prompt, _ in prompts), sentence.en
    assert document.summary and summarizer.generated == 6


def test_summary_batches_span_documents(tiny_bart_dir, monkeypatch):
    """Two documents handed over together share batches: fewer generate() calls than one
    per document, and than one per section."""
    monkeypatch.setattr(summarize, "TOKENS_PER_SENTENCE", 6)
    summarizer = make_summarizer(settings(str(tiny_bart_dir)))
    _, model = summarizer.loaded()
    calls = []
    generate = model.generate
    monkeypatch.setattr(model, "generate", lambda **inputs: calls.append(1) or generate(**inputs))
    first, second = sample_document(), sample_document()
    summarizer.summarize(first)
    summarizer.summarize(second)
    apart = len(calls)
    calls.clear()
    together = sample_document(), sample_document()
    summarizer.summarize(*together)
    assert len(calls) < apart and len(calls) < len(first.sections) + len(second.sections)
    assert [s.summary for s in together[0].sections] == [s.summary for s in first.sections]


def test_a_changed_prompt_makes_outputs_out_of_date(tiny_model_dir, tiny_bart_dir, tmp_path):
    from translate.run import run
    from translate.settings import Decoding

    article = tmp_path / "artikel.txt"
    article.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    prompts = tmp_path / "prompts"
    prompts.mkdir()

    def written(**options) -> tuple[int, int]:
        """Articles written and found up to date by one run."""
        report = run(Settings(inputs=(str(article),), model=str(tiny_model_dir),
                              decoding=Decoding(beams=1), summarizer=str(tiny_bart_dir),
                              **options))
        return report.articles_written, len(report.skipped)

    assert written() == (1, 0)
    assert written() == (0, 1)
    (prompts / "seq2seq.txt").write_text("News: {text}\n")
    assert written(prompt_dir=prompts) == (1, 0)
    assert written(prompt_dir=prompts) == (0, 1)
    assert written(prompt_dir=prompts, summary_sentences=1) == (1, 0)


def test_a_model_summary_is_a_paragraph(tiny_chat_dir, monkeypatch):
    """Issue 28. The model's answer stands in for what it would write: kept, it is one
    paragraph; set aside for a place the text does not name, extractive points replace it."""
    for answer, kept in (("Vladimir Putin received Kim Jong Un at the Vostochny spaceport.",
                          True), ("Vladimir Putin received Kim Jong Un in Berlin.", False)):
        summarizer = make_summarizer(settings(str(tiny_chat_dir)))
        monkeypatch.setattr(summarizer, "_generate",
                            lambda prompts, tokens, text=answer: [text] * len(prompts))
        document = sample_document()
        summarizer.summarize(document)
        markdown, html = render(document, "md"), render(document, "html")
        data = json.loads(render(document, "json"))["summary"]
        if kept:
            assert document.summary == answer and document.summary_points == []
            assert f"> **In brief.** {answer} *(written by" in markdown
            assert "<ul>" not in html.split("</header>")[0] and "points" not in data
        else:
            assert document.set_aside == ["Berlin"] and len(document.summary_points) == 2
            assert "> **In brief.** *(quoted from the article, in place of" in markdown
            assert "".join(f"\n> - {point}" for point in document.summary_points) in markdown
            assert html.split("</header>")[0].count("<li>") == 2
            assert data["points"] == document.summary_points


def test_short_sections_get_no_summary(tiny_chat_dir, monkeypatch):
    monkeypatch.setattr(summarize, "TOKENS_PER_SENTENCE", 4)
    document = sample_document()
    for section in document.sections[1:]:
        for paragraph in section.paragraphs:
            for sentence in paragraph.sentences:
                sentence.en = "Short."
    summarizer = make_summarizer(settings(str(tiny_chat_dir)))
    summarizer.summarize(document)
    assert all(s.summary is None for s in document.sections[1:])
    assert summarizer.generated == 2  # the lead and the article


def progress_lines(stderr: str) -> list[tuple[int, int]]:
    return [(int(done), int(total))
            for done, total in re.findall(r"^translate: summarising (\d+)/(\d+)$", stderr,
                                          re.MULTILINE)]


def translate_sample(tmp_path: Path, model: Path, summarizer: Path) -> str:
    """`translate run` on the sample as a child process (stderr is not a terminal); its
    stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "translate", "run", str(SAMPLE), "--model", str(model),
         "--summarizer", str(summarizer), "--no-memory", "-o", str(tmp_path / "out.md")],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=600, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_progress_lines_follow_the_batches_of_a_transformers_model(trained_model_dir,
                                                                   tiny_chat_dir, tmp_path):
    """The sample's summaries in three batches (one per token budget: the one-sentence
    summaries, the two-sentence ones, the article's, which may come in chunks): a line after
    each, counting up to the total, before the run's last lines."""
    stderr = translate_sample(tmp_path, trained_model_dir, tiny_chat_dir)
    lines = progress_lines(stderr)
    done, totals = [done for done, _ in lines], {total for _, total in lines}
    assert len(lines) == 3 and done == sorted(set(done)) and len(totals) == 1, lines
    assert done[0] == 2 and done[-1] == totals.pop() >= 6  # the lead and the last section first
    rest = stderr.splitlines()[stderr.splitlines().index(f"translate: summarising {done[-1]}/"
                                                         f"{done[-1]}"):]
    assert any(line.startswith("translate: wrote") for line in rest)


def test_a_model_that_cannot_summarise(tmp_path):
    from transformers import ViTConfig

    ViTConfig(hidden_size=8, num_hidden_layers=1, num_attention_heads=1,
              intermediate_size=8).save_pretrained(tmp_path)
    from translate.errors import ModelError

    with pytest.raises(ModelError, match="a vit model cannot write summaries"):
        make_summarizer(settings(str(tmp_path)))


# What the memory hands back as the tiny chat model's summaries: faithful, one invented claim
# made of the text's own names (the support check sets it aside), one invented name (the fact
# check does).
INVENTED_CLAIM = "North Korea has been accused of supplying nuclear arms to Russia's conflict."
WRITTEN = {
    "s1": "Russia's president received the North Korean ruler at the Vostochny spaceport.",
    "s2": "The Vostok spaceport lies in the Amur region, 100 kilometres from China's border.",
    "s3": "Kim Jong Un promised Putin his help in the war against Ukraine.",
    "s4": f"Moscow could hand over missile technology to North Korea. {INVENTED_CLAIM}",
    "s5": "Kim's weapons tests are for show, Lange told Bild.",
    "article": "Kim Jong Un promised Putin his help in the war against Ukraine.",
}


def test_a_claim_the_text_does_not_make_is_set_aside_like_an_invented_name(tiny_chat_dir,
                                                                           tmp_path):
    memory = TranslationMemory(tmp_path / "memory.sqlite")
    summarizer = make_summarizer(settings(str(tiny_chat_dir)), memory.summaries)
    jobs = summarizer._jobs(sample_document())
    memory.summaries.store(summarizer.signature, [
        job.finish(WRITTEN[getattr(job.target, "id", "article")]) for job in jobs])
    document = sample_document()
    document.run = RunRecord(summarizer=summarizer.label())
    summarizer.summarize(document)
    assert summarizer.generated == 0 and summarizer._loaded is None  # all from the memory
    spaceport, arms = document.sections[1], document.sections[3]
    assert [s.summary_kind for s in document.sections] == [
        "chat", "extractive", "chat", "extractive", "chat"]
    assert (document.summary_kind, document.summary) == ("chat", WRITTEN["article"])
    assert spaceport.set_aside == ["Vostok"]
    assert arms.set_aside == [CLAIM_NOT_IN_TEXT + INVENTED_CLAIM]
    assert arms.summary and all(part in " ".join(s.en for s in arms.sentences())
                                for part in sentences_of(arms.summary))
    markdown = render(document, "md")
    assert INVENTED_CLAIM not in markdown and "Vostok " not in markdown
    assert ("in place of a language model's summary that said what the text does not say)*"
            in markdown)
    assert ("in place of a language model's summary that named people, places or figures the "
            "text does not mention)*" in markdown)
    data = json.loads(render(document, "json"))
    assert [s["summary"].get("set_aside") for s in data["sections"]] == [
        None, ["Vostok"], None, [CLAIM_NOT_IN_TEXT + INVENTED_CLAIM], None]
    assert Document.from_dict(data).to_dict() == data
    memory.close()


# ---------------------------------------------------------------- real weights

@pytest.fixture(scope="module")
def smollm2_summaries() -> tuple[Document, float]:
    """The sample, its English from the trained stand-in's pairs, summarised by SmolLM2-135M
    on llama.cpp (48 tokens for two sentences; the article summary reads a share of every
    section)."""
    gguf_file = smollm2_on_llama_cpp()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(summarize, "TOKENS_PER_SENTENCE", 24)
        patch.setattr(summarize, "ARTICLE_WORDS", 300)
        summarizer = make_summarizer(settings(str(gguf_file)))
        assert summarizer.kind == "chat"
        document = sample_document()
        document.run = RunRecord(summarizer=summarizer.label())
        started = time.perf_counter()
        summarizer.summarize(document)
    return document, time.perf_counter() - started


def own_text(document: Document, section: Section | None) -> str:
    sections = document.sections if section is None else [section]
    return " ".join([document.title.en or ""] + [
        t for s in sections for t in [s.heading.en if s.heading else ""]
        + [x.en or "" for x in s.sentences()]])


@pytest.mark.slow
def test_real_instruct_model_summarises_every_section(smollm2_summaries, capsys):
    document, seconds = smollm2_summaries
    for section in document.sections:
        text = " ".join(s.en for s in section.sentences())
        if section.summary_kind == "chat":  # the model's, kept: it passed the fact check
            assert tidy(section.summary, text, 2) == section.summary
            letters = [c for c in section.summary if c.isalpha()]
            assert sum(c.isascii() for c in letters) / len(letters) > 0.95  # not German
        else:  # set aside: sentences of the section instead (none if one passage is all)
            assert section.summary_kind == "extractive" and section.set_aside, section.id
            assert all(part in text for part in sentences_of(section.summary or ""))
    assert document.summary
    with capsys.disabled():
        print(f"\nSmolLM2-135M summaries (load + generate): {seconds:.1f} s")
        for target in (*document.sections, document):
            print(f"  {getattr(target, 'id', 'article')} {target.summary_kind} "
                  f"{target.set_aside or ''}: {target.summary}")


# What SmolLM2-135M invented on the sample (llama.cpp, greedy decoding, these settings):
# meetings in Moscow, a "Northk-23" missile, a humanitarian crisis, a UN Security Council
# decision.
INVENTED = ("meeting in Moscow", "Northk-23", "humanitarian crisis", "Security Council")


@pytest.mark.slow
def test_invented_facts_never_reach_the_output(smollm2_summaries):
    document, _ = smollm2_summaries
    replaced = [t for t in (document, *document.sections) if t.set_aside]
    assert len(replaced) >= 3
    for target in (document, *document.sections):
        if target.summary_kind == "chat":
            own = own_text(document, None if target is document else target)
            assert unsupported(target.summary, own) == [], target.summary
    outputs = [render(document, kind) for kind in ("md", "html")]
    for output in outputs:
        for invented in INVENTED:
            assert invented not in output
        assert "in place of a language model" in output
    data = json.loads(render(document, "json"))
    summaries = [data["summary"]] + [s["summary"] for s in data["sections"]]
    assert {s.get("kind") for s in summaries if s["en"]} <= {"chat", "extractive"}
    assert sum("set_aside" in s for s in summaries) == len(replaced)
    assert any("Moscow" in s.get("set_aside", []) for s in summaries)
