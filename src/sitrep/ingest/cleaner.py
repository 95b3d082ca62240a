"""Removes page furniture that survives extraction (share buttons, captions, credits, "Read more"
lines, bylines, agency sign-offs) and marks section headings. Works on HTML blocks and on plain
text that was scraped badly. The rules are data: ``sitrep/data/ingest/cleaner.json``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sitrep import data
from sitrep.ingest.blocks import Block
from sitrep.ingest.literals import may_match

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
# Invisible characters scrapers leave behind; removed so they do not split tokens.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Control characters, and lone surrogates (JSON can carry them; UTF-8 cannot encode them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SPACES = re.compile(r"[^\S\n]+")
_SENTENCE_END = re.compile(r"[.!?:;,\"”’)\]…]$")
_SEPARATORS = r"[\s|,·•/:]*"


@dataclass(frozen=True, slots=True)
class Rules:
    """The cleaner's compiled rules."""

    share_run: re.Pattern[str]
    share_token: re.Pattern[str]
    share_words: frozenset[str]
    share_min_tokens: int
    share_min_tokens_plain: int
    furniture: tuple[re.Pattern[str], ...]
    inline_furniture: tuple[re.Pattern[str], ...]
    glued_captions: tuple[re.Pattern[str], ...]
    read_more: re.Pattern[str]
    captions: tuple[re.Pattern[str], ...]
    caption_max_chars: int
    signoff_blocks: tuple[re.Pattern[str], ...]
    signoff_trailing: re.Pattern[str]
    signoff_window: int
    byline: re.Pattern[str]
    byline_window: int
    heading_max_words: int
    heading_max_chars: int
    wrap_min_line_chars: int
    wrap_max_line_chars: int

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Rules:
        """Compile the rules from their JSON form."""
        tokens = sorted(data["share_tokens"], key=len, reverse=True)
        token = "|".join(re.escape(t) for t in tokens)
        flags = re.IGNORECASE
        return cls(
            share_run=re.compile(rf"(?<![\w-])(?:(?:{token})(?![\w-]){_SEPARATORS}){{2,}}", flags),
            share_token=re.compile(rf"(?<![\w-])(?:{token})(?![\w-])", flags),
            share_words=frozenset(data["share_words"]),
            share_min_tokens=int(data["share_min_tokens"]),
            share_min_tokens_plain=int(data["share_min_tokens_without_share_word"]),
            furniture=tuple(re.compile(p, flags) for p in data["furniture_lines"]),
            inline_furniture=tuple(re.compile(p) for p in data["inline_furniture"]),
            glued_captions=tuple(re.compile(p) for p in data["glued_captions"]),
            read_more=re.compile(data["read_more"], flags),
            captions=tuple(re.compile(p) for p in data["captions"]),
            caption_max_chars=int(data["caption_max_chars"]),
            signoff_blocks=tuple(re.compile(p, flags) for p in data["signoff_blocks"]),
            signoff_trailing=re.compile(data["signoff_trailing"]),
            signoff_window=int(data["signoff_window"]),
            byline=re.compile(data["byline"]),
            byline_window=int(data["byline_window"]),
            heading_max_words=int(data["heading_max_words"]),
            heading_max_chars=int(data["heading_max_chars"]),
            wrap_min_line_chars=int(data["wrap_min_line_chars"]),
            wrap_max_line_chars=int(data["wrap_max_line_chars"]),
        )

    def strip_share(self, text: str) -> str:
        """The text without runs of share-button labels ("Share on Facebook Share on X ...")."""
        def replace(match: re.Match[str]) -> str:
            """The run itself, or a space if it is share-button text."""
            run = match.group(0)
            if not run[0].isupper():  # furniture is capitalised; prose ("by email, print") is not
                return run
            found = [t.lower() for t in self.share_token.findall(run)]
            if any(w in t for t in found for w in self.share_words):
                return " " if len(found) >= self.share_min_tokens else run
            # Bare platform names are a share bar only at an edge of the block; mid-sentence
            # they are a list in prose ("Facebook, Telegram, X and WhatsApp were blocked").
            at_edge = match.start() == 0 or not text[match.end():].strip()
            return " " if at_edge and len(found) >= self.share_min_tokens_plain else run

        return _SPACES.sub(" ", self.share_run.sub(replace, text)).strip()

    def strip_inline_furniture(self, text: str) -> str:
        """The text without furniture labels inside it ("Purchase Licensing Rights")."""
        for pattern in self.inline_furniture:
            if may_match(pattern, text):
                text = pattern.sub(" ", text)
        return _SPACES.sub(" ", text).strip()

    def cut_glued_captions(self, text: str) -> tuple[str, tuple[str, ...]]:
        """The text without the photo captions scraped into it, and those captions."""
        found: list[str] = []
        for pattern in self.glued_captions:
            if not may_match(pattern, text):
                continue
            glued = [m.group(0).strip() for m in pattern.finditer(text)]
            if glued:
                found.extend(glued)
                text = pattern.sub(" ", text)
        return _SPACES.sub(" ", text).strip(), tuple(found)

    def is_furniture(self, text: str) -> bool:
        """Whether a whole block is navigation or advertising text."""
        return any(p.fullmatch(text) for p in self.furniture) or bool(self.read_more.match(text))

    def is_caption(self, text: str) -> bool:
        """Whether a block is a photo caption or credit."""
        return len(text) <= self.caption_max_chars and any(p.search(text) for p in self.captions)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Blocks after cleaning, and the captions removed (they may carry a date)."""

    blocks: tuple[Block, ...]
    captions: tuple[str, ...]


@cache
def default_rules() -> Rules:
    """The rules shipped with sitrep, compiled once."""
    return Rules.from_data(data.read_json("ingest/cleaner.json"))


def normalise(text: str) -> str:
    """NFC text with one kind of line break and no invisible or control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _INVISIBLE.sub("", unicodedata.normalize("NFC", text)))
    return text.replace("\t", " ").replace("\xa0", " ")


def plain_blocks(text: str, rules: Rules) -> list[Block]:
    """Paragraphs of plain text: one per blank-line block or line, hard-wrapped lines rejoined."""
    blocks: list[Block] = []
    for chunk in _BLANK_LINE.split(normalise(text)):
        lines = [x for x in (rules.strip_share(line) for line in chunk.split("\n")) if x]
        if _hard_wrapped(lines, rules):
            blocks.append(Block(" ".join(lines)))
            continue
        paragraph = ""
        for line in lines:
            if paragraph and line[0].islower() and not _SENTENCE_END.search(paragraph):
                paragraph = f"{paragraph} {line}"  # a sentence broken across lines
            else:
                if paragraph:
                    blocks.append(Block(paragraph))
                paragraph = line
        if paragraph:
            blocks.append(Block(paragraph))
    return blocks


def clean(blocks: Sequence[Block], rules: Rules) -> Cleaned:
    """Blocks without furniture, with short title-like lines marked as headings."""
    kept: list[Block] = []
    captions: list[str] = []
    for block in blocks:
        text, glued = rules.cut_glued_captions(_SPACES.sub(" ", normalise(block.text)))
        captions.extend(glued)
        text = rules.strip_inline_furniture(rules.strip_share(text))
        if not text or rules.is_furniture(text):
            continue
        if rules.is_caption(text):
            captions.append(text)
            continue
        kept.append(Block(text, block.heading))
    kept = _drop_byline(_drop_signoff(kept, rules), rules)
    return Cleaned(tuple(_mark_headings(kept, rules)), tuple(captions))


def _hard_wrapped(lines: list[str], rules: Rules) -> bool:
    """Whether a chunk is one paragraph wrapped at a fixed width (every line but the last
    long, none too long); scraped text puts whole paragraphs on a line instead."""
    if len(lines) < 2:
        return False
    body = lines[:-1]
    return (all(len(x) <= rules.wrap_max_line_chars for x in lines)
            and min(len(x) for x in body) >= rules.wrap_min_line_chars)


def _drop_signoff(blocks: list[Block], rules: Rules) -> list[Block]:
    """Without the agency's trailing "(Reporting by ...; Editing by ...)" and its kin."""
    cut = len(blocks)
    for i in range(len(blocks) - 1, max(len(blocks) - 1 - rules.signoff_window, -1), -1):
        if any(p.fullmatch(blocks[i].text) for p in rules.signoff_blocks):
            cut = i
    out = blocks[:cut]
    if out:
        last = out[-1]
        trimmed = rules.signoff_trailing.sub("", last.text)
        out[-1] = Block(trimmed, last.heading) if trimmed else last
    return out


def _drop_byline(blocks: list[Block], rules: Rules) -> list[Block]:
    """Without a "By Jane Doe" line among the first blocks."""
    window = rules.byline_window
    head = [b for b in blocks[:window] if not rules.byline.fullmatch(b.text)]
    return head + blocks[window:]


def _mark_headings(blocks: list[Block], rules: Rules) -> list[Block]:
    """A short unpunctuated line followed by more text is a heading, not a sentence."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        heading = block.heading or (i + 1 < len(blocks) and _heading_like(block.text, rules))
        out.append(Block(block.text, heading))
    return out


def _heading_like(text: str, rules: Rules) -> bool:
    """Whether a block reads as a heading: short, capitalised, unpunctuated."""
    return (
        len(text) <= rules.heading_max_chars
        and len(text.split()) <= rules.heading_max_words
        and (text[0].isupper() or text[0].isdigit())
        and not _SENTENCE_END.search(text)
    )
