"""The translation memory under Ray: one actor owns the SQLite file, on the driver's node (its
cache folder), and every worker's lookups and stores go through it, one at a time. A worker
holds a RemoteMemory, whose tables have the methods of the store's own (the protocols the
stages ask for), each one a call on the actor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from translate.document import Translation
from translate.model.signature import Signature


def start_memory_actor(ray: ModuleType, cache_dir: Path) -> RemoteMemory:
    """Start the actor that owns the memory in `cache_dir`, on this (the driver's) node."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    here = NodeAffinitySchedulingStrategy(ray.get_runtime_context().get_node_id(), soft=False)
    actor = ray.remote(num_cpus=0)(MemoryOwner)
    return RemoteMemory(actor.options(scheduling_strategy=here).remote(
        str(Path(cache_dir).resolve())))


class MemoryOwner:
    """The actor: the memory file, and a method for each table's lookup and store."""

    def __init__(self, cache_dir: str) -> None:
        from translate.run.store import TranslationMemory

        self.memory = TranslationMemory.in_folder(Path(cache_dir))

    def lookup_translations(self, signature: Signature, texts: list[str]
                            ) -> dict[str, Translation]:
        return self.memory.translations.lookup(signature, texts)

    def store_translations(self, signature: Signature, pairs: list[tuple[str, Translation]]
                           ) -> None:
        self.memory.translations.store(signature, pairs)

    def lookup_summary(self, signature: dict[str, Any], prompt: str, text: str) -> str | None:
        return self.memory.summaries.lookup(signature, prompt, text)

    def store_summaries(self, signature: dict[str, Any], rows: list[tuple[str, str, str]]
                        ) -> None:
        self.memory.summaries.store(signature, rows)

    def lookup_version(self, name: str) -> set[str] | None:
        return self.memory.versions.lookup(name)

    def store_version(self, name: str, digests: list[str]) -> None:
        self.memory.versions.store(name, digests)


@dataclass(frozen=True, slots=True)
class RemoteMemory:
    """A worker's handle on the memory actor (it travels to workers with the plan)."""

    actor: Any  # a Ray actor handle on a MemoryOwner

    @property
    def translations(self) -> RemoteTranslations:
        return RemoteTranslations(self.actor)

    @property
    def summaries(self) -> RemoteSummaries:
        return RemoteSummaries(self.actor)

    @property
    def versions(self) -> RemoteVersions:
        return RemoteVersions(self.actor)


@dataclass(frozen=True, slots=True)
class RemoteTranslations:
    """The translations table, for the translate stage (a model.cache.TranslationCache)."""

    actor: Any

    def lookup(self, signature: Signature, texts: Iterable[str]) -> dict[str, Translation]:
        return _ask(self.actor.lookup_translations, signature, list(texts))

    def store(self, signature: Signature, pairs: Iterable[tuple[str, Translation]]) -> None:
        _ask(self.actor.store_translations, signature, list(pairs))


@dataclass(frozen=True, slots=True)
class RemoteSummaries:
    """The summaries table, for a model summariser (a summarizers.cache.SummaryCache)."""

    actor: Any

    def lookup(self, signature: dict[str, Any], prompt: str, text: str) -> str | None:
        return _ask(self.actor.lookup_summary, signature, prompt, text)

    def store(self, signature: dict[str, Any], rows: Iterable[tuple[str, str, str]]) -> None:
        _ask(self.actor.store_summaries, signature, list(rows))


@dataclass(frozen=True, slots=True)
class RemoteVersions:
    """The versions table, for the write stage (a run.changes.Versions)."""

    actor: Any

    def lookup(self, name: str) -> set[str] | None:
        return _ask(self.actor.lookup_version, name)

    def store(self, name: str, digests: Iterable[str]) -> None:
        _ask(self.actor.store_version, name, list(digests))


def _ask(method: Any, *args: Any) -> Any:
    """Call an actor method and wait for its answer."""
    import ray

    return ray.get(method.remote(*args))
