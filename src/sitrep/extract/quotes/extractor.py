"""Quotes: direct, partial and indirect, with resolved speakers.

Direct and partial quotes come from paired quote marks (marks.py); their cue is searched in
the clause right after the closing mark, then right before the opening one; a quote without a
cue of its own continues the speaker of the quote before it in the paragraph, or of the
paragraph before when that one introduced it ("Smith continued:") or was a quote too.
Transcript turns ("PENCE: ...", also inside a quoted transcript) speak through their labels; a
paragraph set off after "X added:" is a block quote (blocks.py).
Indirect quotes and attitudes come from the parse (reported.py), cues and their speakers from
cues.py and speakers.py, the shared per-article work from context.py; the runner here puts them
together.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from sitrep.extract.parse import token_at
from sitrep.extract.quotes.blocks import block_quotes
from sitrep.extract.quotes.clauses import content_clause
from sitrep.extract.quotes.context import Cue, QuoteContext
from sitrep.extract.quotes.cue_class import CueClasses
from sitrep.extract.quotes.cues import CueReader
from sitrep.extract.quotes.labels import MAX_HEADLINE_CHARS, labelled
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.extract.quotes.marks import Marked, mark_view, pair_quotes
from sitrep.extract.quotes.reported import ReportedSpeech
from sitrep.extract.quotes.speakers import SpeakerResolver
from sitrep.extract.quotes.tails import Tails
from sitrep.model import Actor, Article, Quote, QuoteKind, Span

WINDOW = 160
"""Characters searched for a cue on either side of a direct quote, within its sentence."""
_WORD = re.compile(r"\w+")
_BOUNDARY = re.compile(r"[.!?]\s|[\"“”]|\n")
_DASHED = re.compile(r"[^\S\n]*([―—–]|--?)[^\S\n]*(?=[A-Z])")
_STAGE_DIRECTION = re.compile(r"[(\[][^()\[\]]*[)\]][.,]?")
_OPENS_CLAUSE = frozenset(":,;—–-(")
_ENDS_SENTENCE = frozenset(".!?…")
MIN_UNATTRIBUTED_WORDS = 4
MAX_LABEL_WORDS = 4
"""A headline label ("Pence:", "Rush Limbaugh:") is a name of at most this many words."""
HEADLINE_CAPITALS = 0.6
"""Share of words capitalised from which an article's first line is a headline."""
MAX_TITLE_WORDS = 6
"""Quoted words in title case up to this length are a name (a show, a programme), not speech."""
"""Shorter quoted phrases without a cue are titles and scare quotes, not quotes."""


class QuoteExtractor:
    """Every quote in an article with its speaker and cue."""

    def __init__(
        self, lexicon: CueLexicon | None = None, classes: CueClasses | None = None
    ) -> None:
        self.lexicon = lexicon if lexicon is not None else CueLexicon.load()
        self.classes = classes if classes is not None else CueClasses.load()
        self.tails = Tails.load()

    def __call__(self, doc: Doc, article: Article, actors: tuple[Actor, ...]) -> tuple[Quote, ...]:
        text = doc.text
        if not text.strip():
            return ()
        view = mark_view(text)
        marked = pair_quotes(view)
        quoted = [(m.open_at, m.end if m.close_at is None else m.close_at + 1) for m in marked]
        resolver = SpeakerResolver(doc, actors, quoted, self.lexicon, text)
        ctx = QuoteContext(
            doc,
            text,
            view,
            self.lexicon,
            self.classes,
            resolver,
            marked,
            quoted,
            article.dateline_span,
            self.tails,
        )
        cues = CueReader(ctx)
        by_marks = _MarkedQuotes(ctx, cues)
        reported = ReportedSpeech(ctx, cues)
        turns = by_marks.labelled_quotes()  # first: marked quotes that open a turn are the turn
        quotes = turns + by_marks.marked_quotes() + reported.indirect_quotes()
        quotes += _outside(block_quotes(ctx, cues), quotes)
        quotes += _outside(reported.attitude_quotes(), quotes)
        seen: set[tuple[int, int]] = set()
        unique = []
        for q in sorted(quotes, key=lambda q: (q.start, q.end)):
            if (q.start, q.end) not in seen:
                seen.add((q.start, q.end))
                unique.append(q)
        return tuple(_outermost(unique))


class _MarkedQuotes:
    """Transcript turns, headline attributions, and the quotes between quote marks, with the
    cue each finds next to it or takes over from the quote before."""

    def __init__(self, ctx: QuoteContext, cues: CueReader) -> None:
        self.ctx = ctx
        self.cues = cues
        self.turns: dict[int, Cue] = {}
        """Transcript turns by the offset of their label: the cue of the words after it."""

    def labelled_quotes(self) -> list[Quote]:
        """Transcript turns ("PENCE: ...") and a headline attribution ("Lopez: ...")."""
        out = []
        for item in labelled(self.ctx.text, self.ctx.paras, self.ctx.lexicon.label_stoplist):
            speaker = self.ctx.resolver.named(item.label)
            if not item.transcript and not self.ctx.resolver.is_known(speaker, item.label):
                continue  # "Stealth Over Health: ..." is a headline, not an attribution
            cue = Cue(":", speaker)
            if item.transcript:
                self.turns[item.label[0]] = cue
            kind: QuoteKind = "direct" if item.transcript else "indirect"
            out.append(self.ctx.quote(*item.content, kind, cue))
        return out

    # Direct and partial quotes ------------------------------------------------------------

    def marked_quotes(self) -> list[Quote]:
        """A quote for every paired span that is attributed or long enough to be speech."""
        out: list[Quote] = []
        last: dict[int, Cue] = {}
        kinds = [self._kind(m) for m in self.ctx.marked]
        own = [
            self._cue_for_partial(m) if k == "partial" else self._cue_for_direct(m)
            for m, k in zip(self.ctx.marked, kinds, strict=True)
        ]
        _back_along_chains(self.ctx.marked, own)
        for m, kind, cue in zip(self.ctx.marked, kinds, own, strict=True):
            turn = self.turns.get(m.start)
            if turn is not None:
                last[m.paragraph] = turn  # '"PENCE: Well, ...': the turn is the quote
                continue
            if cue is None and m.single and self._in_headline(m):
                cue = self._headline_cue(m)  # "Obama Sees ‘Personal Insult’ if ..."
            if cue is None and (m.continued or kind == "direct"):
                cue = self._inherited(m, last)
            words = len(self.ctx.text[m.start : m.end].split())
            if cue is None and (kind == "partial" or words < MIN_UNATTRIBUTED_WORDS):
                continue
            if _STAGE_DIRECTION.fullmatch(self.ctx.text[m.start : m.end].strip()):
                if m.paragraph - 1 in last:  # the turn goes on after the note
                    last.setdefault(m.paragraph, last[m.paragraph - 1])
                continue  # "(CROSSTALK.)", "[inaudible]" in a transcript: no one's words
            if not m.single and _is_title(
                self.ctx.text[m.start : m.end], self.ctx.lexicon.title_function_words
            ):
                continue  # "told “Morning Joe”", "the “Contract with America”": names
            if cue is not None and m.paragraph >= 0:
                last[m.paragraph] = cue
            out.append(self.ctx.quote(m.start, m.end, kind, cue))
            if kind == "partial" and cue is not None:
                framing = self._framing_clause(m, cue)
                if framing is not None:
                    out.append(framing)
        return out

    def _in_headline(self, m: Marked) -> bool:
        """Whether a quote stands in the article's first line and that line is a headline:
        short and in title case, where the tagger cannot tell a verb ("Sees") from a name."""
        if m.paragraph != 0 or not self.ctx.paras:
            return False
        lo, hi = self.ctx.paras[0]
        words = [w for w in self.ctx.text[lo:hi].split() if w[:1].isalpha()]
        if hi - lo > MAX_HEADLINE_CHARS or len(words) < 3:
            return False
        capitalised = sum(w[:1].isupper() for w in words)
        return capitalised >= HEADLINE_CAPITALS * len(words)

    def _headline_cue(self, m: Marked) -> Cue | None:
        """In a headline, a quote in single marks is what the headline's label said ("Pence:
        ... Trump Was ‘Mocking’ ..."), else the actor the headline opens with ("Hillary
        Clinton Speaks ‘Directly To White People’"); None when it opens with anything else."""
        lo = self.ctx.paras[0][0]
        before = self.ctx.text[lo : m.open_at]
        label = before.split(":", 1)[0].strip() if ":" in before else ""
        if label and len(label.split()) <= MAX_LABEL_WORDS and label.istitle():
            start = lo + before.index(label)
            return Cue(":", self.ctx.resolver.named((start, start + len(label))))
        token = token_at(self.ctx.doc, lo + len(before) - len(before.lstrip()))
        if token is None or token.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
            return None
        last = token
        while last.i + 1 < len(self.ctx.doc) and self.ctx.doc[last.i + 1].ent_iob_ == "I":
            after = self.ctx.doc[last.i + 1]
            if after.tag_ in ("VBZ", "VBD", "VBP", "POS") or after.idx >= m.open_at:
                break  # NER ran the name on over a verb or a possessive ("Obama Sees ‘...")
            last = after
        end = last.idx + len(last)
        rest = self.ctx.text[end : m.open_at].split()
        if end > m.open_at or not rest or rest[0].startswith(("’", "'")):
            return None  # "Ava DuVernay’s ‘13th’": a title, not a quote
        speaker = self.ctx.resolver.named((token.idx, end))
        return Cue(rest[0], speaker)

    def _framing_clause(self, m: Marked, cue: Cue) -> Quote | None:
        """For a partial quote whose verb the parser left without content ("called the plan
        “a disaster”"), the words from the verb to the end of the quote, as reported speech."""
        verb = cue.verb
        if verb is None or verb.idx >= m.open_at:
            return None
        if content_clause(verb, self.ctx.text, self.ctx.lexicon) is not None:
            return None
        end = m.close_at + 1 if m.close_at is not None else m.end
        clipped = self.ctx.clip((verb.idx + len(verb), end), m.open_at)
        if clipped is None or clipped[0] >= m.open_at:
            return None
        return self.ctx.quote(*clipped, "indirect", cue)

    def _kind(self, m: Marked) -> QuoteKind:
        """Direct when the quote stands as its own sentence or clause; partial when embedded."""
        if m.single:
            return "partial"
        before = self.ctx.view[max(0, m.open_at - 80) : m.open_at].rstrip(" \t")
        prev = before[-1:] or ("\n" if m.open_at < 80 else " ")
        content = self.ctx.text[m.start : m.end].strip()
        stands = prev in _OPENS_CLAUSE or prev in _ENDS_SENTENCE or prev == "\n" or m.continued
        sentence_like = content[:1].isupper() and content[-1:] in ".?!,…—-"
        after = self.ctx.view[(m.close_at or m.end) + 1 : (m.close_at or m.end) + 2]
        if stands or (sentence_like and not after.isalnum()):
            return "direct"
        return "partial"

    def _cue_for_direct(self, m: Marked) -> Cue | None:
        """The cue of a direct quote, its pronoun speaker never the person the quote itself
        calls by the same pronoun."""
        cue = self._direct_cue(m)
        if cue is None or cue.speaker is None or cue.speaker.name is None:
            return cue
        pronoun = token_at(self.ctx.doc, cue.speaker.mention[0])
        forms = self.ctx.lexicon.third_person_forms.get(pronoun.lower_ if pronoun else "")
        if pronoun is None or not forms:
            return cue
        words = {w.lower() for w in _WORD.findall(self.ctx.text[m.start : m.end])}
        if words.isdisjoint(forms):
            return cue
        return Cue(cue.text, self.ctx.resolver.other_than(pronoun, cue.speaker.name), cue.verb)

    def _direct_cue(self, m: Marked) -> Cue | None:
        """The cue right after the closing mark, else the one right before the opening mark."""
        if m.close_at is not None:
            dashed = self._dash_attribution(m.close_at + 1)
            if dashed is not None:
                return dashed
            if self._attribution_may_follow(m):
                cue = self.cues.cue_in(self._window_after(m.close_at + 1), prefer_first=True)
                if cue is not None:
                    return cue
        before = self._window_before(m.open_at)
        return self.cues.cue_in(before, prefer_first=False)

    def _attribution_may_follow(self, m: Marked) -> bool:
        """A quote closed by a full stop ends its sentence: what follows is not its cue."""
        content = self.ctx.text[m.start : m.end].rstrip()
        if not content.endswith("."):
            return True
        closing = (m.close_at or m.end) + 1
        rest = self.ctx.view[closing : closing + 40].lstrip()[:1]
        return rest.islower()

    def _dash_attribution(self, start: int) -> Cue | None:
        """A name after a dash that follows the quote: “…” ― Julie Diaz."""
        hit = _DASHED.match(self.ctx.view, start)
        if hit is None:
            return None
        token = token_at(self.ctx.doc, hit.end())
        if token is None or token.pos_ not in ("PROPN", "NOUN"):
            return None
        while token.dep_ in ("compound", "flat") and token.head.i > token.i:
            token = token.head
        speaker = self.ctx.resolver.resolve(token)
        return Cue(hit.group(1), speaker) if speaker is not None else None

    def _cue_for_partial(self, m: Marked) -> Cue | None:
        """The speech verb the quoted words depend on, else any cue in their sentence."""
        token = token_at(self.ctx.doc, m.start)
        if token is None:
            return None
        head = token
        cues = self.ctx.lexicon.speech_verbs | self.ctx.lexicon.partial_cue_verbs
        for _ in range(10):
            if head.head.i == head.i:
                break
            head = head.head
            if head.lemma_.lower() in cues and not self.ctx.in_marks(head.idx):
                return self.cues.from_verb(head)
        sent = self.ctx.sentence(token)
        # The parser's sentence can be a whole paragraph of noise: look only near the quote.
        window = (max(sent.start_char, m.open_at - WINDOW), min(sent.end_char, m.end + WINDOW))
        return self.cues.cue_in(window, prefer_first=False)

    def _inherited(self, m: Marked, last: dict[int, Cue]) -> Cue | None:
        """The cue of the quote before in this paragraph, or of an introducing paragraph."""
        if m.paragraph in last:
            return last[m.paragraph]
        if m.paragraph <= 0:
            return None
        lo, hi = self.ctx.paras[m.paragraph - 1]
        previous = self.ctx.text[lo:hi].rstrip()
        if previous.endswith(":") or m.continued:
            cue = self.cues.cue_in((lo, hi), prefer_first=False)
            if cue is not None:
                return cue
        return last.get(m.paragraph - 1)

    def _window_after(self, start: int) -> Span:
        end = min(len(self.ctx.text), start + WINDOW)
        cuts = self._boundaries(start, end)
        return (start, cuts[0] if cuts else end)

    def _window_before(self, end: int) -> Span:
        start = max(0, end - WINDOW)
        cuts = self._boundaries(start, end)
        return (cuts[-1] if cuts else start, end)

    def _boundaries(self, start: int, end: int) -> list[int]:
        """Where sentences, quotes and paragraphs end in [start, end), past abbreviations."""
        cuts = []
        for hit in _BOUNDARY.finditer(self.ctx.view, start, end):
            if hit.group()[0] == ".":
                word = self.ctx.view[max(start, hit.start() - 6) : hit.start()].split()[-1:]
                stem = word[0].lower().lstrip('(“"') if word else ""
                if stem in self.ctx.lexicon.abbreviations or (len(stem) == 1 and stem.isalpha()):
                    continue  # "Mr. Obama said", "Julie A. Diaz"
            cuts.append(hit.end())
        return cuts


def _is_title(content: str, function_words: frozenset[str]) -> bool:
    """Whether quoted words are a name in title case (a show, a book, a slogan's title):
    every word but short function words capitalised, at most MAX_TITLE_WORDS of them."""
    if content.rstrip(" ,”\"'’")[-1:] in ("!", "?", "."):
        return False  # "“U-S-A! U-S-A!”" is chanted, "“It's Our Time.”" sung: sentences
    words = content.strip(" ,.;:").split()
    if not words or len(words) > MAX_TITLE_WORDS or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in function_words for w in words)


def _outermost(quotes: list[Quote]) -> list[Quote]:
    """The quotes that lie inside no other attribution's content: in "Flynn said Trump called
    the deal “a disaster”", what Trump called it is part of what Flynn said, not a quote of
    its own; so is a belief or stance inside any attribution ("said he hopes to ..."). Speech
    that an attitude is about stays ("criticised Petrov's comments about the exchange"), and
    so do the parts of one attribution (the same speaker mention and cue: a partial quote in
    its own clause). Quotes come sorted by start."""
    kept = []
    for q in quotes:
        own = (q.speaker_mention, q.cue)
        inside = any(
            o.start <= q.start and q.end <= o.end and (o.start, o.end) != (q.start, q.end)
            and (o.speaker_mention, o.cue) != own
            and (o.cue_class == "speech" or q.cue_class != "speech")
            for o in quotes
            if o.start <= q.start
        )
        if not inside:
            kept.append(q)
    return kept


def _outside(quotes: list[Quote], others: list[Quote]) -> list[Quote]:
    """The quotes that do not lie inside one of the others: "he said he plans to ..." is one
    attribution, said's, not a second one for plans."""
    spans = sorted((q.start, q.end) for q in others)
    starts = [a for a, _ in spans]
    kept = []
    for q in quotes:
        before = spans[: bisect_right(starts, q.start)]
        if not any(q.end <= end for _, end in before):
            kept.append(q)
    return kept


def _back_along_chains(marked: list[Marked], cues: list[Cue | None]) -> None:
    """A quote running over paragraphs takes the cue found at its end, for its earlier parts."""
    for i in range(len(marked) - 1, 0, -1):
        if marked[i].continued and cues[i] is not None:
            j = i - 1
            while j >= 0 and marked[j].paragraph == marked[i].paragraph:
                j -= 1
            if j >= 0 and marked[j].close_at is None and cues[j] is None:
                cues[j] = cues[i]
