"""The `translate` command: parses options, builds Settings, runs the pipeline, reports.

Exit codes: 0 all done · 1 some inputs failed (the others are written) or no model · 2 usage.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from translate import __version__
from translate.cli_format import ChoiceError, ClickException, OneLineErrors, PlainCommand
from translate.errors import TranslateError, UsageError, first_line
from translate.output_formats import OUTPUT_SUFFIXES, WRITABLE
from translate.settings import (
    INPUT_FORMATS,
    Decoding,
    DeviceName,
    EngineName,
    InputFormat,
    NameScope,
    OutputFormat,
    Quantize,
    RunnerName,
    Settings,
    choice,
)
from translate.summarizers import check_summarizer
from translate.summarizers.extractive import ARTICLE_POINTS as EXTRACTIVE_ARTICLE
from translate.summarizers.extractive import IN_BRIEF as EXTRACTIVE_IN_BRIEF
from translate.summarizers.lengths import MODEL_ARTICLE_SENTENCES
from translate.text.coverage import CoverageError
from translate.words import counted

if TYPE_CHECKING:
    from translate.articles import Article
    from translate.run.store import TranslationMemory
    from translate.settings import GlossaryFile

app = typer.Typer(
    cls=OneLineErrors,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Translate German news articles into bilingual German | English documents with "
    "English summaries, using a MarianMT model (Helsinki-NLP/opus-mt-de-en by default).",
)
log = logging.getLogger("translate")
DEFAULTS = Settings(inputs=())


def one_of(kind: type[StrEnum], option: str) -> Callable[[str], StrEnum]:
    """Typer's parser for an option with a fixed set of values (translate.settings): the
    member, or a usage error in the same words as Settings gives."""
    def parse(value: str | StrEnum) -> StrEnum:
        try:
            return choice(kind, option, value)
        except UsageError as exc:
            raise ChoiceError(str(exc)) from None

    return parse


@contextlib.contextmanager
def user_errors(verbose: bool) -> Iterator[None]:
    """Our errors become one line on stderr and an exit code; so does any other exception
    (exit 70: a bug of ours, or a broken installation). --verbose keeps the traceback."""
    try:
        yield
    except (typer.Exit, typer.Abort, ClickException):  # click's and typer's own way out
        raise
    except TranslateError as exc:
        if verbose:
            raise
        typer.echo(f"translate: error: {exc}", err=True)
        raise typer.Exit(_exit_code(exc)) from None
    except Exception as exc:
        if verbose:
            raise
        typer.echo(f"translate: error: unexpected {type(exc).__name__}: {first_line(exc)} "
                   "(run again with --verbose for the traceback, and please report it)",
                   err=True)
        raise typer.Exit(70) from None


def _exit_code(exc: TranslateError) -> int:
    if isinstance(exc, UsageError):
        return 2
    return 70 if isinstance(exc, CoverageError) else 1  # 70: EX_SOFTWARE, a bug of ours


def _setup_logging(quiet: bool, verbose: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("translate: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False
    if not verbose:  # library advice (e.g. "install sacremoses") is noise to a user
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_VERBOSITY", "error")  # e.g. "trying to resume download"
        warnings.filterwarnings("ignore", module="transformers|torch|huggingface_hub")
        # how pdfminer repairs a damaged PDF ("MediaBox missing from /Page"); the PDF reader
        # says in one line when it cannot
        logging.getLogger("pdfminer").setLevel(logging.CRITICAL)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is, so that it stops as on Ctrl-C (exit 143)."""


def _terminate(number: int, frame: object) -> None:
    raise _Terminated


@contextlib.contextmanager
def interruptible(settings: Settings) -> Iterator[None]:
    """Ctrl-C and SIGTERM stop the run cleanly: finished outputs and the memory are kept,
    no half-written file is left (writes are atomic), the CLI says what was finished and how
    to go on, and the exit code says which signal it was (130, 143)."""
    from translate.output.paths import destination
    from translate.run.report import Interrupted, interrupted_lines

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    except KeyboardInterrupt as stop:
        lines = (interrupted_lines(stop, destination(settings), settings.force)
                 if isinstance(stop, Interrupted) else
                 ["translate: interrupted before any article was translated"])
        for line in lines:
            typer.echo(line, err=True)
        terminated = isinstance(stop.__cause__ or stop, _Terminated)
        raise typer.Exit(128 + (signal.SIGTERM if terminated else signal.SIGINT)) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translate {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Translate German news articles into bilingual German | English documents."""


# Options `run` and `feed` share.
Formats = Annotated[list[str] | None, typer.Option(
    "--format", "-f", metavar="FORMAT", show_default=False,
    help="Output format: " + ", ".join(f"{spec.name} ({spec.label})" for spec in WRITABLE.values())
    + "; repeat or comma-separate for several. "
    "Default: md, or the suffix of --output.")]
Model = Annotated[str, typer.Option(
    "--model", metavar="ID|DIR", envvar="TRANSLATE_MODEL",
    help="Translation model: a Hugging Face id (downloaded into the Hugging Face cache on "
    "first use) or a local folder.")]
Summarizer = Annotated[str, typer.Option(
    "--summarizer", metavar="KIND|ID|DIR|FILE",
    help=f"How summaries are written: 'extractive' ({EXTRACTIVE_IN_BRIEF}; no model), "
    "'none', or a summarisation model: a seq2seq model (BART, Pegasus, T5) or "
    "a chat model, as a Hugging Face id, a folder or a .gguf file (needs the chat extra). "
    "A model not in the cache that cannot be downloaded now (offline, no connection) gives "
    "way to extractive, with a warning; one that does not exist fails the run at once.")]
Device = Annotated[DeviceName, typer.Option(
    "--device", metavar="DEVICE", parser=one_of(DeviceName, "--device"),
    help="auto, cpu, cuda or mps. auto takes a GPU when an engine can run on it.")]
Engine = Annotated[EngineName, typer.Option(
    "--engine", metavar="ENGINE", parser=one_of(EngineName, "--engine"),
    help="What runs the beam search: 'torch' (transformers' generate(), always "
    "installed), 'ctranslate2' (the model converted once into the cache folder and run "
    "by CTranslate2, several times faster on a CPU; pip install ctranslate2), or 'auto': "
    "CTranslate2 when it is installed and supports the device and model, else torch.")]
Beams = Annotated[int, typer.Option(
    "--beams", metavar="N", help="Beam size, 1 to 16: 1 is fastest, 4 is the usual quality.")]
BatchSize = Annotated[int | None, typer.Option(
    "--batch-size", metavar="N", show_default=False,
    help="Most sentences per batch (at most 1024); sentences are sorted by length, and a "
    "batch also stops at --batch-tokens input tokens. Default: 16 on a CPU; on a GPU as "
    "many as a quarter of its free memory holds, up to 256.")]
BatchTokens = Annotated[int | None, typer.Option(
    "--batch-tokens", metavar="N", show_default=False,
    help="Most input tokens per batch, padding included: long sentences go in smaller "
    "batches, which bounds memory (lower it if a GPU runs out). Default: 4096 on a CPU; "
    "on a GPU from its free memory, up to 65536.")]
CacheDir = Annotated[Path, typer.Option(
    "--cache-dir", metavar="DIR", envvar="TRANSLATE_CACHE_DIR",
    show_default="models in the Hugging Face cache, the rest in ~/.cache/translate",
    help="One folder for everything the runs keep: downloaded models, the translation "
    "memory, converted models, fetched pages.")]
Offline = Annotated[bool, typer.Option(
    "--offline", envvar="TRANSLATE_OFFLINE",
    help="Never download: use only models already in the cache or local folders.")]
Memory = Annotated[bool, typer.Option(
    "--memory/--no-memory",
    help="Reuse translations stored in --cache-dir, and store new ones there.")]
Strict = Annotated[bool, typer.Option(
    "--strict", help="Fail an input that is clearly not German, and exit 1 if any "
    "translation carries a QA flag (numbers or names lost, repetition, low score…).")]
Force = Annotated[bool, typer.Option(
    "--force", help="Redo articles whose outputs are already up to date.")]
MaxSize = Annotated[float, typer.Option(
    "--max-size", metavar="MB", help="Refuse inputs larger than this.")]
Delay = Annotated[float, typer.Option(
    "--delay", metavar="SECONDS",
    help="Wait this long between two requests to one web site (URL inputs).")]
GlossaryOption = Annotated[Path | None, typer.Option(
    "--glossary", metavar="FILE", show_default=False,
    help="Names and terms to render exactly: a UTF-8 TSV or CSV file, one entry a line, "
    "the German term and its English (or the term alone: keep it as written). Terms match "
    "whole words with German endings; a term the model loses is flagged term-missing.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]
Verbose = Annotated[bool, typer.Option(
    "--verbose", "-v", help="Print details, library warnings and tracebacks.")]


@app.command(cls=PlainCommand)
def run(
    inputs: Annotated[list[str], typer.Argument(
        metavar="INPUT", show_default=False,
        help="Article files (.txt, .md, .html), folders (searched recursively), http(s) "
        "URLs of web pages, or - for standard input.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="PATH", show_default=False,
        help="Output file (one input, one format) or folder. Default: next to each input, as "
        "NAME.de-en.md. '-' writes to standard output.")] = None,
    formats: Formats = None,
    model: Model = DEFAULTS.model,
    summarizer: Summarizer = DEFAULTS.summarizer,
    prompt_dir: Annotated[Path | None, typer.Option(
        "--prompt-dir", metavar="DIR", show_default=False,
        help="Folder of prompt templates (section_summary.txt, article_summary.txt, "
        "seq2seq.txt, seq2seq-t5.txt) that replace the shipped ones; placeholders {text}, "
        "{sentences}, {title}.")] = None,
    summary_sentences: Annotated[int, typer.Option(
        "--summary-sentences", metavar="N",
        help="Sentences per section summary (1 or 2; sections of up to three sentences get "
        f"1). The article summary has {EXTRACTIVE_ARTICLE} points (extractive) or "
        "{} to {} sentences, growing with the article (a model's).".format(
            *MODEL_ARTICLE_SENTENCES))]
    = DEFAULTS.summary_sentences,
    device: Device = DEFAULTS.device,
    engine: Engine = DEFAULTS.engine,
    quantize: Annotated[Quantize, typer.Option(
        "--quantize", metavar="MODE", parser=one_of(Quantize, "--quantize"),
        help="Weight precision: 'int8' (8-bit weights: smaller and faster, translations "
        "differ slightly; CPU only with torch), 'float16' (half precision on a GPU: for long "
        "jobs, as torch's first fp16 batch in a process costs seconds), 'none' (fp32; "
        "CTranslate2 on a GPU: fp16), or 'auto': int8 for CTranslate2 on a CPU, none "
        "otherwise. Engine and precision are part of the translation memory's key.")]
    = DEFAULTS.quantize,
    beams: Beams = DEFAULTS.decoding.beams,
    batch_size: BatchSize = None,
    batch_tokens: BatchTokens = None,
    cache_dir: CacheDir = DEFAULTS.cache_dir,
    offline: Offline = False,
    input_format: Annotated[InputFormat | None, typer.Option(
        "--input-format", metavar="FORMAT", show_default=False,
        parser=one_of(InputFormat, "--input-format"),
        help=f"Read inputs as {', '.join(INPUT_FORMATS)}. Default: from each file's suffix; "
        "sniffed for standard input.")] = None,
    strict: Strict = False,
    force: Force = False,
    memory: Memory = True,
    max_size: MaxSize = DEFAULTS.max_size_mb,
    delay: Delay = DEFAULTS.fetch_delay,
    glossary: GlossaryOption = None,
    runner: Annotated[RunnerName, typer.Option(
        "--runner", metavar="RUNNER", parser=one_of(RunnerName, "--runner"),
        help="'local': one process, articles streamed through in groups. 'ray': the same "
        "stages on Ray Data (pip install -e \".[ray]\"): reading and writing as CPU tasks, "
        "translation on a pool of actors that each hold the model; joins the cluster "
        "RAY_ADDRESS names, or starts a local one. Needs -o FOLDER on a file system every "
        "worker can reach.")] = RunnerName.LOCAL,
    actors: Annotated[int | None, typer.Option(
        "--actors", min=1, metavar="N", show_default=False,
        help="With --runner ray: translation actors (each loads the model once). Default: "
        "one per GPU on CUDA, else 1.")] = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Translate articles into bilingual documents with English summaries.

    Examples:

    \b
      translate run article.txt                 # writes article.de-en.md
      translate run article.txt -o out.json     # the Document JSON
      translate run news/ -o out/ -f md,json    # a whole folder
      translate run https://www.example.de/politik/wahl.html -o out/   # a web page
      cat article.txt | translate run - -o -    # a pipe
      translate run archive/ -o out/ --runner ray   # on Ray: RAY_ADDRESS, or a local one
    """
    _setup_logging(quiet, verbose)
    with user_errors(verbose):
        settings = _settings(
            inputs, output, formats, Decoding(beams, batch_size, batch_tokens), model=model,
            summarizer=summarizer, prompt_dir=prompt_dir, summary_sentences=summary_sentences,
            device=device, engine=engine, quantize=quantize, cache_dir=cache_dir,
            offline=offline, strict=strict, force=force, memory=memory, max_size_mb=max_size,
            fetch_delay=delay, input_format=input_format, glossary=_glossary(glossary))
        _translate(settings, quiet, runner, actors)


@app.command(cls=PlainCommand)
def feed(
    feeds: Annotated[list[str], typer.Argument(
        metavar="FEED", show_default=False,
        help="RSS or Atom feeds: http(s) URLs or files.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="DIR", show_default=False,
        help="The folder for the articles and the digest (index.md, index.html with -f "
        "html).")],
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", show_default=False,
        help="Leave out items published before this ISO date or date and time (UTC unless "
        "it says otherwise), e.g. 2024-03-12 or 2024-03-12T08:00+01:00. Items without a "
        "date are kept.")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=1, metavar="N", show_default=False,
        help="Translate only the N newest items (of all feeds, after --since).")] = None,
    formats: Formats = None,
    model: Model = DEFAULTS.model,
    summarizer: Summarizer = DEFAULTS.summarizer,
    device: Device = DEFAULTS.device,
    engine: Engine = DEFAULTS.engine,
    beams: Beams = DEFAULTS.decoding.beams,
    cache_dir: CacheDir = DEFAULTS.cache_dir,
    offline: Offline = False,
    strict: Strict = False,
    force: Force = False,
    max_size: MaxSize = DEFAULTS.max_size_mb,
    delay: Delay = DEFAULTS.fetch_delay,
    glossary: GlossaryOption = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Translate the articles of news feeds, and write a digest of them.

    Each item's page is fetched and translated into -o DIR, as `translate run URL` does.

    index.md lists the items newest first: titles in German and English, summary, links.

    A second run asks the server what changed, and translates only that.

    Examples:

    \b
      translate feed https://www.example.de/rss.xml -o news/
      translate feed feeds/politik.xml https://www.example.de/atom -o news/ --since 2024-03-12
      translate feed https://www.example.de/rss.xml -o news/ --limit 10 -f md,html
    """
    from translate.run.options import check_options
    from translate.sources.feeds import feed_items, newest, parse_since

    _setup_logging(quiet, verbose)
    with user_errors(verbose):
        settings = _settings(
            (), output, formats, Decoding(beams), model=model, summarizer=summarizer,
            device=device, engine=engine, cache_dir=cache_dir, offline=offline, strict=strict,
            force=force, max_size_mb=max_size, fetch_delay=delay, glossary=_glossary(glossary),
            names=NameScope.RUN)
        check_options(settings, feed=True)
        when = parse_since(since) if since else None
        failed: list[str] = []
        with interruptible(settings):
            listed = feed_items(feeds, failed, cache_dir, delay, int(max_size * 2**20))
        items = newest(listed, when, limit)
        if len(items) < len(listed):
            log.info("%d of %s chosen (--since, --limit; a link listed twice counts once)",
                     len(items), counted(len(listed), "item"))
        _translate(replace(settings, inputs=tuple(item.link for item in items)), quiet,
                   failed=failed, articles=[item.article() for item in items])


def _settings(inputs: list[str] | tuple[str, ...], output: Path | None,
              formats: list[str] | None, decoding: Decoding, **fields: Any) -> Settings:
    """The run's Settings from the options (Settings checks those with a fixed set of values;
    the summariser is checked here, as it may also name a model)."""
    return Settings(inputs=tuple(inputs), output=output, formats=_formats(formats, output),
                    decoding=decoding, summarizer=check_summarizer(fields.pop("summarizer")),
                    **fields)


def _glossary(path: Path | None) -> GlossaryFile | None:
    """The glossary checked now, before any model is loaded: a bad line is the first error."""
    from translate.edits.glossary import glossary_file

    return glossary_file(path) if path else None


def _translate(settings: Settings, quiet: bool, runner: RunnerName = RunnerName.LOCAL,
               actors: int | None = None, failed: list[str] | None = None,
               articles: list[Article] | None = None) -> None:
    """Run the pipeline with a progress bar, then report: a line per failure (`failed`
    first: those found before the run, such as a feed that cannot be read), warnings, the
    counts; exit code 1 if anything failed (or, with --strict, carries a QA flag)."""
    from translate.output.paths import destination
    from translate.run import run as run_pipeline
    from translate.run.progress import ProgressBar
    from translate.run.report import Report, summary_lines

    if settings.inputs:
        with interruptible(settings), ProgressBar(enabled=not quiet) as bar:
            report = run_pipeline(settings, bar.update, runner, actors, articles)
    else:  # a feed with no items (or none that could be read)
        report = Report()
    report.failed[:0] = failed or []
    for failure in report.failed:
        typer.echo(f"translate: error: {failure}", err=True)
    if report.capped:
        log.warning("%d of %d translations ran into their length cap and may be cut off or "
                    "repetitive", report.capped, report.translated)
    if report.flagged:
        log.warning("%s QA flags (marked ⚠ in the output%s)",
                    counted(report.flagged, "sentence or heading carries",
                            "sentences or headings carry"),
                    "; --strict fails the run" if settings.strict else "")
    if settings.glossary and report.articles_written and not report.terms:
        log.warning("--glossary %s matched nothing in the %s written; check that its terms "
                    "are spelled as the German has them", settings.glossary.path.name,
                    counted(report.articles_written, "article"))
    if not quiet:
        for line in summary_lines(report, destination(settings), settings.output):
            typer.echo(line, err=True)
    log.debug("time: %s", ", ".join(f"{name} {seconds:.2f} s"
                                    for name, seconds in report.phases.seconds.items()))
    if report.failed or (settings.strict and report.flagged):
        raise typer.Exit(1)


@app.command(cls=PlainCommand)
def segment(
    input: Annotated[str, typer.Argument(
        metavar="INPUT", show_default=False,
        help="An article file, the http(s) URL of a web page, or - for standard input.")],
    input_format: Annotated[InputFormat | None, typer.Option(
        "--input-format", metavar="FORMAT", show_default=False,
        parser=one_of(InputFormat, "--input-format"),
        help=f"Read the input as {', '.join(INPUT_FORMATS)}. Default: from the suffix; "
        "sniffed for standard input.")] = None,
    max_size: MaxSize = DEFAULTS.max_size_mb,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks.")] = False,
) -> None:
    """Show how an article is read and split, as Document JSON. Loads no model.

    Use it to check what will be translated: the title, metadata, sections with their
    headings, and every sentence in order.
    """
    from translate.articles import Article
    from translate.sources.inputs import read

    _setup_logging(quiet=False, verbose=verbose)
    with user_errors(verbose):
        settings = Settings(inputs=(input,), input_format=input_format, max_size_mb=max_size)
        document = read(Article(input, Path(input)), settings.input_format,
                        max_size_mb=settings.max_size_mb)
        typer.echo(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))


@app.command(cls=PlainCommand)
def serve(
    host: Annotated[str, typer.Option(
        "--host", metavar="ADDRESS",
        help="The address to listen on. Any but a loopback address needs --api-key.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, metavar="PORT",
                                      help="The port to listen on.")] = 8000,
    api_key: Annotated[str | None, typer.Option(
        "--api-key", metavar="KEY", envvar="TRANSLATE_API_KEY", show_default=False,
        help="Requests must carry this key ('Authorization: Bearer KEY', 'X-API-Key: KEY' or "
        "?api_key=KEY), else 403. Needed to listen on any but a loopback address.")] = None,
    cors: Annotated[str | None, typer.Option(
        "--cors", metavar="ORIGIN", show_default=False,
        help="Let web pages from ORIGIN (e.g. https://cms.example.org) call the API from a "
        "browser. Default: no cross-origin calls.")] = None,
    model: Model = DEFAULTS.model,
    summarizer: Summarizer = DEFAULTS.summarizer,
    device: Device = DEFAULTS.device,
    engine: Engine = DEFAULTS.engine,
    beams: Beams = DEFAULTS.decoding.beams,
    batch_size: BatchSize = None,
    batch_tokens: BatchTokens = None,
    cache_dir: CacheDir = DEFAULTS.cache_dir,
    offline: Offline = False,
    memory: Memory = True,
    glossary: GlossaryOption = None,
    max_size: MaxSize = DEFAULTS.max_size_mb,
    delay: Delay = DEFAULTS.fetch_delay,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=1, metavar="SECONDS",
        help="The most one request may take; past it the client gets 504.")] = 120.0,
    queue_limit: Annotated[int, typer.Option(
        "--queue-limit", min=1, metavar="SENTENCES",
        help="Sentences waiting for the model beyond which requests get 429 with "
        "Retry-After.")] = 4096,
    allow_private_urls: Annotated[bool, typer.Option(
        "--allow-private-urls",
        help="Let clients have pages fetched from private, loopback and link-local "
        "addresses (refused by default: the server's own network).")] = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Serve translations over HTTP: a reading page, a document API, LibreTranslate's API.

    The model, the summariser and the memory are loaded once; requests share one batching
    queue. Needs the serve extra: pip install -e ".[serve]". See docs/serve.md.

    Examples:

    \b
      translate serve                                  # http://127.0.0.1:8000/
      translate serve --model ./opus-mt-de-en --port 9000
      TRANSLATE_API_KEY=secret translate serve --host 0.0.0.0
    """
    _setup_logging(quiet, verbose)
    with user_errors(verbose):
        from translate.serve.safety import is_loopback

        try:
            import fastapi  # noqa: F401
            import uvicorn  # noqa: F401
        except ImportError:
            raise UsageError('translate serve needs the serve extra: '
                             'pip install -e ".[serve]"') from None
        if not is_loopback(host) and not api_key:
            raise UsageError(f"--host {host} lets other machines in: give --api-key KEY (or "
                             "set TRANSLATE_API_KEY), or listen on 127.0.0.1")
        settings = _settings((), None, None, Decoding(beams, batch_size, batch_tokens),
                             model=model,
                             summarizer=summarizer, device=device, engine=engine,
                             cache_dir=cache_dir, offline=offline, memory=memory,
                             max_size_mb=max_size, fetch_delay=delay,
                             glossary=_glossary(glossary))
        from translate.serve.server import Listen, serve_until_stopped
        from translate.serve.service import Limits

        stopped_by = serve_until_stopped(
            settings, Listen(host, port, api_key, cors, allow_private_urls),
            Limits(timeout, queue_limit, int(max_size * 2**20)), verbose)
    if stopped_by:
        raise typer.Exit(128 + stopped_by)


cache_app = typer.Typer(help="Show or empty the translation memory in the cache folder.",
                        no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")


@cache_app.command("info", cls=PlainCommand)
def cache_info(
    cache_dir: CacheDir = DEFAULTS.cache_dir,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print it as JSON (schema translate.cache/1), with every key the "
        "memory stores translations under.")] = False,
) -> None:
    """What the cache folder holds: its size and where the downloaded models are; the
    translations by model and decoding (and whether with glossary terms); the summaries by
    summariser; the fetched web pages."""
    from translate.run.cache_report import read_cache, report_lines

    with user_errors(verbose=False):
        contents = read_cache(cache_dir)
    if contents is None:
        typer.echo(f"no cache at {cache_dir}")
        return
    if as_json:
        typer.echo(json.dumps(contents.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(report_lines(contents)))


@cache_app.command("clear", cls=PlainCommand)
def cache_clear(
    cache_dir: CacheDir = DEFAULTS.cache_dir,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Clear without asking (needed where there is no terminal to "
        "ask at).")] = False,
) -> None:
    """Empty the translation memory: translations, model summaries, the folder index's rows
    and the article versions that change marks compare with (downloaded models stay). Asks
    first, saying what each holds. Outputs already written stay up to date."""
    with user_errors(verbose=False), _existing_memory(cache_dir) as memory:
        held = ", ".join(f"{count} {words}" for words, count in memory.held().items())
        if not yes:
            _confirm(f"empty {memory.path} ({held})")
        memory.clear()
    typer.echo(f"removed {held} from {memory.path}")


def _existing_memory(cache_dir: Path) -> TranslationMemory:
    """The memory in `cache_dir`; where there is none, says so and ends (exit 0), creating
    nothing (a mistyped --cache-dir is not made a new cache)."""
    from translate.run.store import TranslationMemory

    memory = TranslationMemory.existing(cache_dir)
    if memory is None:
        typer.echo(f"no cache at {cache_dir}")
        raise typer.Exit(0)
    return memory


def _confirm(action: str) -> None:
    """Ask whether to do `action` at the terminal; without one, refuse (a usage error):
    nothing is emptied unasked."""
    if not sys.stdin.isatty():
        raise UsageError(f"cache clear would {action}; there is no terminal to confirm at: "
                         "give --yes")
    typer.confirm(action[0].upper() + action[1:] + "?", abort=True, err=True)


def _formats(given: list[str] | None, output: Path | None) -> tuple[OutputFormat, ...]:
    """The formats named, or the suffix of --output, or md."""
    if not given:
        named = OUTPUT_SUFFIXES.get(output.suffix.lower()) if output else None
        return (OutputFormat(named or "md"),)
    names = [name.strip().lower() for value in given for name in value.split(",") if name.strip()]
    return tuple(choice(OutputFormat, "--format", name) for name in dict.fromkeys(names))


def main() -> None:
    app(prog_name="translate")
