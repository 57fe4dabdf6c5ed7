"""One group's texts as the translate stage fills them in: what each document needs, what is
found (in the memory, then from the model, window by window), and which documents are
finished, first to last."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from translate.document import Document, Translation, Unit
from translate.model.signature import Signature
from translate.run.report import Counts
from translate.text.qa import check

if TYPE_CHECKING:
    from translate.model.cache import TranslationCache


class Group:
    def __init__(self, documents: list[Document], signature: Signature,
                 memory: TranslationCache | None) -> None:
        self.units = [list(document.units()) for document in documents]
        texts = [unit.de for each in self.units for unit in each]
        self.copies = Counter(texts)
        self.results = memory.lookup(signature, texts) if memory else {}
        # what the model is asked, each text once, in its first document's order
        self.missing = [text for text in dict.fromkeys(texts) if text not in self.results]
        self.fresh: dict[str, Translation] = {}  # the model's translations so far
        self._flags: dict[str, list[str]] = {}  # QA flags, checked once a text
        self._next = 0  # the first document not finished
        self._model = Counts()  # the model's counts not yet handed on with a document

    def found(self) -> int:
        """How many units the memory had."""
        return self.copies.total() - sum(self.copies[text] for text in self.missing)

    def add(self, fresh: dict[str, Translation], retried: int, to_model: int) -> None:
        """A window's translations from the model, of `to_model` texts, `retried` of them
        tried again."""
        self.fresh.update(fresh)
        self.results.update(fresh)
        self._model.retried += retried
        self._model.to_model += to_model

    def flags(self, text: str) -> list[str]:
        if text not in self._flags:
            self._flags[text] = check(text, self.results[text])
        return self._flags[text]

    def finished(self, finish: Callable[[list[Unit], Group], Counts]
                 ) -> list[tuple[int, Counts]]:
        """The documents whose units all have their English now and were not finished
        before, first to last, each given it by `finish` (its counts back). A document waits
        for those before it, so they are handed on in order. The model's counts go with the
        first (retries and model inputs are per text, not per document)."""
        done: list[tuple[int, Counts]] = []
        while self._next < len(self.units) and all(
                unit.de in self.results for unit in self.units[self._next]):
            counts = finish(self.units[self._next], self)
            if not done:
                counts.retried, counts.to_model = self._model.retried, self._model.to_model
                self._model = Counts()
            done.append((self._next, counts))
            self._next += 1
        return done
