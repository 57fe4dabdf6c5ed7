"""The plan stage: what a run resolves once, after its articles are listed and before any is
read (Ray), or when the first article needs its key (Planner, locally): the model (found, or
downloaded unless offline), the device and engine, the signature that keys the memory and
the outputs, and the summariser. No weights are loaded here: the translate stage loads the
model only when something is left to translate."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from translate.model.engines import model_type, pick
from translate.model.signature import Signature, translation_signature
from translate.output.atomic import run_token
from translate.output.paths import output_key
from translate.run.phases import Phases
from translate.settings import Settings

if TYPE_CHECKING:
    from translate.edits.glossary import Glossary
    from translate.model.resolve import ModelSource
    from translate.summarizers import Summarizer
    from translate.summarizers.cache import SummaryCache


@dataclass(frozen=True, slots=True)
class RunPlan:
    """What every stage needs to know, fixed before the first article is translated: small
    and picklable, so the Ray runner hands the same plan to every worker."""

    settings: Settings
    source: ModelSource
    device: str
    signature: Signature  # the translator's: keys the memory, carries the engine choice
    labels: dict[str, Any]  # translator, summariser, glossary: recorded in every output
    glossary: Glossary | None = None  # the entries of settings.glossary, read once
    started: float = field(default_factory=time.time)  # wall clock: workers share it
    token: str = field(default_factory=run_token)  # names this run's temporary files

    def key(self, sha256: str, reader: str | None) -> str:
        """The key of the outputs of an input whose bytes have `sha256`, parsed by `reader`
        (its format; None: sniffed from those bytes): everything that changes what is
        written. tests/test_output_key.py says of every setting whether it is in here."""
        return output_key(sha256, {**self.labels, "reader": reader,
                                   "names": self.settings.names.value})


def make_plan(settings: Settings, memory: SummaryCache | None = None,
              on_summaries: Callable[[int, int], None] | None = None
              ) -> tuple[RunPlan, Summarizer]:
    """Resolve the model (downloading it unless offline), pick device and engine, and make
    the summariser, which caches its summaries in `memory` and tells `on_summaries` how far
    a model is; returns the plan and that summariser."""
    from translate.edits.glossary import load_checked
    from translate.model.resolve import resolve
    from translate.summarizers import make_summarizer

    source = resolve(settings.model, settings.cache_dir, settings.offline)
    # the engine decides which devices count: CTranslate2 is asked, not torch (model.engines)
    device, engine = pick(settings.engine, settings.quantize, settings.device,
                          model_type(source.path))
    signature = translation_signature(source, settings.decoding, engine)
    summarizer = make_summarizer(settings, memory, device, on_summaries)
    labels: dict[str, Any] = {"translator": signature.to_dict(),
                              "summarizer": summarizer.label()}
    glossary = load_checked(settings.glossary) if settings.glossary else None
    if glossary:
        labels["glossary"] = glossary.digest()
    return RunPlan(settings, source, device, signature, labels, glossary=glossary), summarizer


class Planner:
    """The plan stage of the local runner: the plan and summariser, resolved once, when the
    first article needs its key. A run whose inputs all fail to read resolves nothing, so
    its errors are the inputs' (an unknown model is reported only if an input got that far,
    as it always was); reading asks this stage, never the runner."""

    def __init__(self, settings: Settings, memory: Callable[[], SummaryCache | None],
                 phases: Phases, on_summaries: Callable[[int, int], None] | None = None
                 ) -> None:
        self.settings = settings
        self._memory = memory
        self._phases = phases
        self._on_summaries = on_summaries
        self._resolved: tuple[RunPlan, Summarizer] | None = None

    def resolved(self) -> tuple[RunPlan, Summarizer]:
        if self._resolved is None:
            with self._phases("resolve"):
                self._resolved = make_plan(self.settings, self._memory(), self._on_summaries)
        return self._resolved

    def key(self, sha256: str, reader: str | None) -> str:
        return self.resolved()[0].key(sha256, reader)
