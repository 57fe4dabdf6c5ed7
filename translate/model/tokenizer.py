"""MarianMT's tokenizer without transformers: sentencepiece and vocab.json, giving the same ids
and the same text as transformers 5's `MarianTokenizer` (tests/test_marian_tokenizer.py compares
the two on the sample, on WMT 2021 and on fuzzed strings). Importing transformers costs more
than a second; this costs a few milliseconds.

What MarianTokenizer does, and so what this does:
- encoding: the text is split around the special tokens (``</s>``, ``<unk>``, ``<pad>`` and any
  extra ones the folder names), which keep their ids; every other stretch loses a leading
  ``>>xx<<`` language code (one token of its own) and goes through the *source* SentencePiece
  model; pieces missing from vocab.json become ``<unk>``; ``</s>`` is appended.
- no punctuation normalisation: MarianTokenizer builds sacremoses' MosesPunctNormalizer but
  never calls it on the way in (transformers 4 and 5 alike), so „quotes“, dashes and ellipses
  reach SentencePiece as they are. Normalising here would change the ids the model sees.
- decoding: ids → pieces through vocab.json (target_vocab.json with `separate_vocabs`), special
  tokens dropped with `skip_special_tokens`, runs of pieces joined by a SentencePiece model (the
  source one when the vocabulary is shared, as MarianTokenizer does, else the target one),
  "▁" turned into spaces, the ends stripped.
- `model_max_length` from tokenizer_config.json, 512 when it is not there.

A folder whose tokenizer settings this does not reproduce (added_tokens.json, sampling options,
tokens with strip rules, space clean-up, another tokenizer class) raises `Unsupported`, and
`translate.model.resolve.load_tokenizer` loads transformers' tokenizer instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sentencepiece

_UNDERLINE = "▁"
_NAMED = ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token",
          "mask_token")
_DEFAULTS = {"unk_token": "<unk>", "eos_token": "</s>", "pad_token": "<pad>"}
_EXTRA = ("additional_special_tokens", "extra_special_tokens")
# tokenizer_config.json keys that change nothing MarianTokenizer does with text and ids
_HARMLESS = {*_NAMED, *_EXTRA, "model_max_length", "max_len", "separate_vocabs",
             "target_vocab_file", "source_lang", "target_lang", "tokenizer_class", "name_or_path",
             "padding_side", "truncation_side", "model_input_names", "added_tokens_decoder",
             "special_tokens_map_file", "clean_up_tokenization_spaces", "sp_model_kwargs",
             "split_special_tokens", "backend", "is_local"}


class Unsupported(ValueError):
    """The folder's tokenizer does something this module does not reproduce."""


@dataclass(frozen=True, slots=True)
class Specials:
    """A folder's special tokens."""

    named: dict[str, str]  # "unk_token", "eos_token", "pad_token", ... -> the token
    extra: list[str]  # additional_special_tokens and extra_special_tokens


class MarianTokenizer:
    """The parts of transformers' MarianTokenizer the translator and engines use."""

    def __init__(self, source_spm: Path, target_spm: Path, vocab: dict[str, int],
                 target_vocab: dict[str, int] | None, specials: Specials,
                 model_max_length: int) -> None:
        special = specials.named
        self.encoder = vocab
        self.separate_vocabs = target_vocab is not None
        self.decoder = {i: piece for piece, i in (target_vocab or vocab).items()}
        self.spm_source = _load_spm(source_spm)
        self.spm_target = _load_spm(target_spm)
        # MarianTokenizer decodes with the source model unless the vocabularies are separate
        self.decode_spm = self.spm_target if self.separate_vocabs else self.spm_source
        self.model_max_length = model_max_length
        self.unk_token, self.eos_token = special["unk_token"], special["eos_token"]
        self.pad_token = special.get("pad_token")
        self.special_tokens = list(dict.fromkeys([*special.values(), *specials.extra]))
        missing = [token for token in self.special_tokens if token not in vocab]
        if missing:
            raise Unsupported(f"special tokens not in vocab.json: {missing}")
        if any(a != b and a in b for a in self.special_tokens for b in self.special_tokens):
            raise Unsupported("a special token inside another")  # transformers' trie, not a regex
        self.special_ids = {vocab[token]: token for token in self.special_tokens}
        self._special_set = frozenset(self.special_tokens)
        self._specials = re.compile("(" + "|".join(
            re.escape(t) for t in sorted(self.special_tokens, key=len, reverse=True)) + ")")
        self.unk_token_id = vocab[self.unk_token]
        self.eos_token_id = vocab[self.eos_token]
        self.pad_token_id = vocab.get(self.pad_token) if self.pad_token else None

    @classmethod
    def from_folder(cls, folder: Path) -> MarianTokenizer:
        """The tokenizer of an opus-mt folder (source.spm, target.spm, vocab.json and
        tokenizer_config.json), or Unsupported."""
        settings = _read_json(folder / "tokenizer_config.json", {})
        _check_supported(folder, settings)
        vocab = _read_json(folder / "vocab.json")
        special = {name: _content(settings[name]) for name in _NAMED
                   if settings.get(name) is not None}
        for name, token in _read_json(folder / "special_tokens_map.json", {}).items():
            if name in _NAMED and special.setdefault(name, _content(token)) != _content(token):
                raise Unsupported(f"special_tokens_map.json and tokenizer_config.json differ "
                                  f"on {name}")
        special = {**_DEFAULTS, **special}
        extra = [_content(t) for key in _EXTRA for t in settings.get(key) or []]
        known = {*special.values(), *extra}
        for index, token in (settings.get("added_tokens_decoder") or {}).items():
            if _content(token) not in known or vocab.get(_content(token)) != int(index):
                raise Unsupported(f"added token {_content(token)!r} is not a special token "
                                  "of vocab.json")
        target_vocab = None
        if settings.get("separate_vocabs"):
            target_vocab = _read_json(folder / (settings.get("target_vocab_file")
                                                or "target_vocab.json"))
        return cls(folder / "source.spm", folder / "target.spm", vocab, target_vocab,
                   Specials(special, extra),
                   settings.get("model_max_length") or settings.get("max_len") or 512)

    # encoding

    def tokenize(self, text: str) -> list[str]:
        tokens: list[str] = []
        for part in self._specials.split(text):
            if part in self._special_set:
                tokens.append(part)
            elif part:
                code, rest = _language_code(part)
                tokens += code + self.spm_source.encode(rest, out_type=str)
        return tokens

    def convert_tokens_to_ids(self, tokens: list[str]) -> list[int]:
        unk = self.unk_token_id
        return [self.encoder.get(token, unk) for token in tokens]

    def encode(self, text: str) -> list[int]:
        """The model's input ids for `text`, the end token included."""
        return [*self.convert_tokens_to_ids(self.tokenize(text)), self.eos_token_id]

    def __call__(self, text: str | list[str]) -> dict[str, Any]:
        """`{"input_ids": ...}` for a text or a list of texts, as transformers' tokenizers give."""
        ids = self.encode(text) if isinstance(text, str) else [self.encode(t) for t in text]
        return {"input_ids": ids}

    # decoding

    def convert_ids_to_tokens(self, ids: list[int], skip_special_tokens: bool = False
                              ) -> list[str]:
        return [self._token(int(i)) for i in ids
                if not (skip_special_tokens and int(i) in self.special_ids)]

    def _token(self, index: int) -> str:
        if index in self.special_ids:
            return self.special_ids[index]
        if index in self.decoder:
            return self.decoder[index]
        return self.decode_spm.IdToPiece(index) or self.unk_token

    def convert_tokens_to_string(self, tokens: list[str]) -> str:
        text = ""
        run: list[str] = []
        for token in tokens:
            if token in self._special_set:  # never through SentencePiece
                text += self.decode_spm.decode_pieces(run) + token + " "
                run = []
            else:
                run.append(token)
        text += self.decode_spm.decode_pieces(run)
        return text.replace(_UNDERLINE, " ").strip()

    def decode(self, ids: list[int], skip_special_tokens: bool = False) -> str:
        return self.convert_tokens_to_string(self.convert_ids_to_tokens(ids, skip_special_tokens))

    def batch_decode(self, sequences: list[list[int]], skip_special_tokens: bool = False
                     ) -> list[str]:
        return [self.decode(ids, skip_special_tokens) for ids in sequences]


def _language_code(text: str) -> tuple[list[str], str]:
    """A leading `>>xx<<` as its own token (MarianTokenizer.remove_language_code)."""
    if text.startswith(">>") and (end := text.find("<<")) != -1:
        return [text[:end + 2]], text[end + 2:]
    return [], text


def _check_supported(folder: Path, settings: dict[str, Any]) -> None:
    unknown = set(settings) - _HARMLESS
    problems = [f"tokenizer_config.json sets {sorted(unknown)}"] if unknown else []
    if settings.get("tokenizer_class", "MarianTokenizer") != "MarianTokenizer":
        problems.append(f"tokenizer_class is {settings['tokenizer_class']}")
    if settings.get("sp_model_kwargs") or settings.get("clean_up_tokenization_spaces") or \
            settings.get("split_special_tokens"):
        problems.append("sampling, space clean-up or split special tokens")
    if (folder / "added_tokens.json").exists():
        problems.append("added_tokens.json")
    if problems:
        raise Unsupported("; ".join(problems))


def _content(token: Any) -> str:
    """A special token as tokenizer_config.json writes it: a string or an AddedToken dict."""
    if isinstance(token, dict):
        if any(token.get(rule) for rule in ("lstrip", "rstrip", "single_word")):
            raise Unsupported(f"special token {token.get('content')!r} with strip rules")
        return str(token["content"])
    return str(token)


def _read_json(path: Path, default: Any = None) -> Any:
    if default is not None and not path.is_file():
        return default
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Unsupported(f"{path.name}: {exc}") from None


def _load_spm(path: Path) -> sentencepiece.SentencePieceProcessor:
    if not path.is_file():
        raise Unsupported(f"no {path.name}")
    return sentencepiece.SentencePieceProcessor(model_file=str(path))
