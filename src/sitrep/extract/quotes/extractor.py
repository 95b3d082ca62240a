"""Quotes: direct, partial and indirect, with resolved speakers.

Direct and partial quotes come from paired quote marks (quotes_marks); their cue is searched in
the clause right after the closing mark, then right before the opening one; a quote without a
cue of its own continues the speaker of the quote before it in the paragraph, or of the
paragraph before when that one introduced it ("Smith continued:") or was a quote too.
Transcript turns ("PENCE: ...", also inside a quoted transcript) speak through their labels.
Indirect quotes are the content clause of a speech verb (its ccomp, quotes_clauses), both sides
of a sentence around a cue set in it between commas ("The strike, the ministry said, was ..."),
or the clause around "according to X"; then what people are said to think, intend or hold
(attitude, intention, topic and stance classes of the lexicon), unless a speech attribution
already covers it. Speakers resolve through speakers.SpeakerResolver.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.extract.quotes.clauses import (
    around,
    content_clause,
    intention_content,
    noun_content,
    parenthetical_sides,
    phrasal_content,
    stance_content,
    topic_content,
)
from sitrep.extract.quotes.labels import MAX_HEADLINE_CHARS, labelled
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.extract.quotes.marks import Marked, mark_view, pair_quotes, paragraphs
from sitrep.extract.quotes.speakers import Speaker, SpeakerResolver, subject_of
from sitrep.model import Actor, Article, Quote, QuoteKind, Span

WINDOW = 160
"""Characters searched for a cue on either side of a direct quote, within its sentence."""
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


@dataclass(frozen=True, slots=True)
class _Cue:
    """A cue word and the speaker it introduces."""

    text: str
    speaker: Speaker | None
    verb: Token | None = None
    """The cue verb, when the cue is one."""


class QuoteExtractor:
    """Every quote in an article with its speaker and cue."""

    def __init__(self, lexicon: CueLexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else CueLexicon.load()

    def __call__(self, doc: Doc, article: Article, actors: tuple[Actor, ...]) -> tuple[Quote, ...]:
        text = doc.text
        if not text.strip():
            return ()
        view = mark_view(text)
        marked = pair_quotes(view)
        quoted = [(m.open_at, m.end if m.close_at is None else m.close_at + 1) for m in marked]
        resolver = SpeakerResolver(doc, actors, quoted, self.lexicon, text)
        run = _Run(doc, text, view, self.lexicon, resolver, marked, quoted, article.dateline_span)
        turns = run.labelled_quotes()  # first: marked quotes that open a turn are the turn
        quotes = turns + run.marked_quotes() + run.indirect_quotes()
        quotes += _outside(run.attitude_quotes(), quotes)
        seen: set[tuple[int, int]] = set()
        unique = []
        for q in sorted(quotes, key=lambda q: (q.start, q.end)):
            if (q.start, q.end) not in seen:
                seen.add((q.start, q.end))
                unique.append(q)
        return tuple(unique)


class _Run:
    """The work for one article: the doc, its paired marks, and the speakers found so far."""

    def __init__(
        self,
        doc: Doc,
        text: str,
        view: str,
        lexicon: CueLexicon,
        resolver: SpeakerResolver,
        marked: list[Marked],
        quoted: list[Span],
        dateline: Span | None,
    ) -> None:
        self.doc = doc
        self.dateline = dateline
        self.text = text
        """doc.text, read once by the caller: spaCy rebuilds it on every access."""
        self.view = view
        """The text with two-apostrophe quote marks as one mark, for judging marks."""
        self.lexicon = lexicon
        self.resolver = resolver
        self.marked = marked
        self.quoted = sorted(quoted)
        self.paras = paragraphs(self.text)
        self.has_sentences = doc.has_annotation("SENT_START")
        self.turns: dict[int, _Cue] = {}
        """Transcript turns by the offset of their label: the cue of the words after it."""
        self.lemmas: list[str] | None = None
        """Every token's lowercased lemma, read once (see _tokens_with)."""
        self.lowers: list[int] = []

    def labelled_quotes(self) -> list[Quote]:
        """Transcript turns ("PENCE: ...") and a headline attribution ("Lopez: ...")."""
        out = []
        for item in labelled(self.text, self.paras, self.lexicon.label_stoplist):
            speaker = self.resolver.named(item.label)
            if not item.transcript and not self.resolver.is_known(speaker, item.label):
                continue  # "Stealth Over Health: ..." is a headline, not an attribution
            cue = _Cue(":", speaker)
            if item.transcript:
                self.turns[item.label[0]] = cue
            kind: QuoteKind = "direct" if item.transcript else "indirect"
            out.append(self._quote(*item.content, kind, cue))
        return out

    # Direct and partial quotes ------------------------------------------------------------

    def marked_quotes(self) -> list[Quote]:
        """A quote for every paired span that is attributed or long enough to be speech."""
        out: list[Quote] = []
        last: dict[int, _Cue] = {}
        kinds = [self._kind(m) for m in self.marked]
        own = [
            self._cue_for_partial(m) if k == "partial" else self._cue_for_direct(m)
            for m, k in zip(self.marked, kinds, strict=True)
        ]
        _back_along_chains(self.marked, own)
        for m, kind, cue in zip(self.marked, kinds, own, strict=True):
            turn = self.turns.get(m.start)
            if turn is not None:
                last[m.paragraph] = turn  # '"PENCE: Well, ...': the turn is the quote
                continue
            if cue is None and m.single and self._in_headline(m):
                cue = self._headline_cue(m)  # "Obama Sees ‘Personal Insult’ if ..."
            if cue is None and (m.continued or kind == "direct"):
                cue = self._inherited(m, last)
            words = len(self.text[m.start : m.end].split())
            if cue is None and (kind == "partial" or words < MIN_UNATTRIBUTED_WORDS):
                continue
            if _STAGE_DIRECTION.fullmatch(self.text[m.start : m.end].strip()):
                if m.paragraph - 1 in last:  # the turn goes on after the note
                    last.setdefault(m.paragraph, last[m.paragraph - 1])
                continue  # "(CROSSTALK.)", "[inaudible]" in a transcript: no one's words
            if not m.single and _is_title(
                self.text[m.start : m.end], self.lexicon.title_function_words
            ):
                continue  # "told “Morning Joe”", "the “Contract with America”": names
            if cue is not None and m.paragraph >= 0:
                last[m.paragraph] = cue
            out.append(self._quote(m.start, m.end, kind, cue))
            if kind == "partial" and cue is not None:
                framing = self._framing_clause(m, cue)
                if framing is not None:
                    out.append(framing)
        return out

    def _in_headline(self, m: Marked) -> bool:
        """Whether a quote stands in the article's first line and that line is a headline:
        short and in title case, where the tagger cannot tell a verb ("Sees") from a name."""
        if m.paragraph != 0 or not self.paras:
            return False
        lo, hi = self.paras[0]
        words = [w for w in self.text[lo:hi].split() if w[:1].isalpha()]
        if hi - lo > MAX_HEADLINE_CHARS or len(words) < 3:
            return False
        capitalised = sum(w[:1].isupper() for w in words)
        return capitalised >= HEADLINE_CAPITALS * len(words)

    def _headline_cue(self, m: Marked) -> _Cue | None:
        """In a headline, a quote in single marks is what the headline's label said ("Pence:
        ... Trump Was ‘Mocking’ ..."), else the actor the headline opens with ("Hillary
        Clinton Speaks ‘Directly To White People’"); None when it opens with anything else."""
        lo = self.paras[0][0]
        before = self.text[lo : m.open_at]
        label = before.split(":", 1)[0].strip() if ":" in before else ""
        if label and len(label.split()) <= MAX_LABEL_WORDS and label.istitle():
            start = lo + before.index(label)
            return _Cue(":", self.resolver.named((start, start + len(label))))
        token = self._token_at(lo + len(before) - len(before.lstrip()))
        if token is None or token.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
            return None
        last = token
        while last.i + 1 < len(self.doc) and self.doc[last.i + 1].ent_iob_ == "I":
            after = self.doc[last.i + 1]
            if after.tag_ in ("VBZ", "VBD", "VBP", "POS") or after.idx >= m.open_at:
                break  # NER ran the name on over a verb or a possessive ("Obama Sees ‘...")
            last = after
        end = last.idx + len(last)
        rest = self.text[end : m.open_at].split()
        if end > m.open_at or not rest or rest[0].startswith(("’", "'")):
            return None  # "Ava DuVernay’s ‘13th’": a title, not a quote
        speaker = self.resolver.named((token.idx, end))
        return _Cue(rest[0], speaker)

    def _framing_clause(self, m: Marked, cue: _Cue) -> Quote | None:
        """For a partial quote whose verb the parser left without content ("called the plan
        “a disaster”"), the words from the verb to the end of the quote, as reported speech."""
        verb = cue.verb
        if verb is None or verb.idx >= m.open_at:
            return None
        if content_clause(verb, self.text, self.lexicon) is not None:
            return None
        end = m.close_at + 1 if m.close_at is not None else m.end
        clipped = self._clip((verb.idx + len(verb), end), m.open_at)
        if clipped is None or clipped[0] >= m.open_at:
            return None
        return self._quote(*clipped, "indirect", cue)

    def _kind(self, m: Marked) -> QuoteKind:
        """Direct when the quote stands as its own sentence or clause; partial when embedded."""
        if m.single:
            return "partial"
        before = self.view[max(0, m.open_at - 80) : m.open_at].rstrip(" \t")
        prev = before[-1:] or ("\n" if m.open_at < 80 else " ")
        content = self.text[m.start : m.end].strip()
        stands = prev in _OPENS_CLAUSE or prev in _ENDS_SENTENCE or prev == "\n" or m.continued
        sentence_like = content[:1].isupper() and content[-1:] in ".?!,…—-"
        after = self.view[(m.close_at or m.end) + 1 : (m.close_at or m.end) + 2]
        if stands or (sentence_like and not after.isalnum()):
            return "direct"
        return "partial"

    def _cue_for_direct(self, m: Marked) -> _Cue | None:
        """The cue right after the closing mark, else the one right before the opening mark."""
        if m.close_at is not None:
            dashed = self._dash_attribution(m.close_at + 1)
            if dashed is not None:
                return dashed
            if self._attribution_may_follow(m):
                cue = self._cue_in(self._window_after(m.close_at + 1), prefer_first=True)
                if cue is not None:
                    return cue
        before = self._window_before(m.open_at)
        return self._cue_in(before, prefer_first=False)

    def _attribution_may_follow(self, m: Marked) -> bool:
        """A quote closed by a full stop ends its sentence: what follows is not its cue."""
        content = self.text[m.start : m.end].rstrip()
        if not content.endswith("."):
            return True
        closing = (m.close_at or m.end) + 1
        rest = self.view[closing : closing + 40].lstrip()[:1]
        return rest.islower()

    def _dash_attribution(self, start: int) -> _Cue | None:
        """A name after a dash that follows the quote: “…” ― Julie Diaz."""
        hit = _DASHED.match(self.view, start)
        if hit is None:
            return None
        token = self._token_at(hit.end())
        if token is None or token.pos_ not in ("PROPN", "NOUN"):
            return None
        while token.dep_ in ("compound", "flat") and token.head.i > token.i:
            token = token.head
        speaker = self.resolver.resolve(token)
        return _Cue(hit.group(1), speaker) if speaker is not None else None

    def _cue_for_partial(self, m: Marked) -> _Cue | None:
        """The speech verb the quoted words depend on, else any cue in their sentence."""
        token = self._token_at(m.start)
        if token is None:
            return None
        head = token
        cues = self.lexicon.speech_verbs | self.lexicon.partial_cue_verbs
        for _ in range(10):
            if head.head.i == head.i:
                break
            head = head.head
            if head.lemma_.lower() in cues and not self._in_marks(head.idx):
                return self._cue_from_verb(head)
        sent = self._sentence(token)
        # The parser's sentence can be a whole paragraph of noise: look only near the quote.
        window = (max(sent.start_char, m.open_at - WINDOW), min(sent.end_char, m.end + WINDOW))
        return self._cue_in(window, prefer_first=False)

    def _inherited(self, m: Marked, last: dict[int, _Cue]) -> _Cue | None:
        """The cue of the quote before in this paragraph, or of an introducing paragraph."""
        if m.paragraph in last:
            return last[m.paragraph]
        if m.paragraph <= 0:
            return None
        lo, hi = self.paras[m.paragraph - 1]
        previous = self.text[lo:hi].rstrip()
        if previous.endswith(":") or m.continued:
            cue = self._cue_in((lo, hi), prefer_first=False)
            if cue is not None:
                return cue
        return last.get(m.paragraph - 1)

    def _window_after(self, start: int) -> Span:
        end = min(len(self.text), start + WINDOW)
        cuts = self._boundaries(start, end)
        return (start, cuts[0] if cuts else end)

    def _window_before(self, end: int) -> Span:
        start = max(0, end - WINDOW)
        cuts = self._boundaries(start, end)
        return (cuts[-1] if cuts else start, end)

    def _boundaries(self, start: int, end: int) -> list[int]:
        """Where sentences, quotes and paragraphs end in [start, end), past abbreviations."""
        cuts = []
        for hit in _BOUNDARY.finditer(self.view, start, end):
            if hit.group()[0] == ".":
                word = self.view[max(start, hit.start() - 6) : hit.start()].split()[-1:]
                stem = word[0].lower().lstrip('(“"') if word else ""
                if stem in self.lexicon.abbreviations or (len(stem) == 1 and stem.isalpha()):
                    continue  # "Mr. Obama said", "Julie A. Diaz"
            cuts.append(hit.end())
        return cuts

    def _cue_in(self, window: Span, *, prefer_first: bool) -> _Cue | None:
        """The speech verb (or source phrase) inside a character window, outside quote marks."""
        tokens = [
            t for t in self._tokens(window) if not self._in_marks(t.idx) and self._is_cue_token(t)
        ]
        if not tokens:
            return None
        verb = tokens[0] if prefer_first else tokens[-1]
        if verb.lower_ == "according":
            return self._according(verb)
        return self._cue_from_verb(verb)

    def _is_cue_token(self, t: Token) -> bool:
        if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
            return True
        lemma = t.lemma_.lower()
        cues = lemma in self.lexicon.speech_verbs or lemma in self.lexicon.object_verbs
        return cues and t.pos_ in ("VERB", "AUX")

    def _cue_from_verb(self, verb: Token) -> _Cue:
        subject = subject_of(verb)
        if subject is None or (self._in_marks(subject.idx) and not self._in_marks(verb.idx)):
            subject = self._nearby_subject(verb)  # a parse that made "We" in the quote speak
        speaker = self.resolver.resolve(subject) if subject is not None else None
        return _Cue(verb.text, speaker, verb)

    def _nearby_subject(self, verb: Token) -> Token | None:
        """When the parse gives no subject: the noun just before ("Jordan said Monday"),
        else the one just after ("said Smith"), never a date or a word inside the quote."""
        sent = self._sentence(verb)
        before = verb.i - 1
        while before >= sent.start and self.doc[before].pos_ in ("ADV", "AUX", "PART"):
            before -= 1  # "Jordan also said", "Jordan has said"
        if before >= sent.start and self._could_speak(self.doc[before]):
            return self.doc[before]
        if before > sent.start and self.doc[before].text == ",":
            # '“...,” Flynn, a top surrogate, said': the parse hung the name elsewhere
            aside = self.doc[before - 1]
            name = aside.head
            appos = aside.dep_ == "appos" and name.i < aside.i and name.pos_ == "PROPN"
            if appos and self._could_speak(name):
                return name
        for t in self.doc[verb.i + 1 : min(sent.end, verb.i + 6)]:
            if self._could_speak(t):
                while t.head.i != t.i and t.dep_ in ("compound", "flat") and t.head.i < sent.end:
                    t = t.head
                return t
            if t.pos_ in ("VERB", "PUNCT") and t.text != ",":
                break
        return None

    def _could_speak(self, t: Token) -> bool:
        return (
            t.pos_ in ("PROPN", "PRON", "NOUN")
            and t.ent_type_ not in ("DATE", "TIME")
            and not self._in_marks(t.idx)
        )

    def _according(self, token: Token) -> _Cue:
        to = self.doc[token.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"]
        speaker = self.resolver.resolve(objects[0]) if objects else None
        return _Cue("according to", speaker)

    # Indirect quotes ------------------------------------------------------------------------

    def _tokens_with(self, lemmas: frozenset[str], lower: str = "") -> list[Token]:
        """The tokens whose lowercased lemma is one of lemmas (or whose text is lower), in
        order: the only ones a cue rule can fire on. Reads the lemma and lowercase arrays once
        rather than building a Token for every word of the article."""
        if self.lemmas is None:
            strings = self.doc.vocab.strings
            self.lemmas = [strings[h].lower() for h in self.doc.to_array("LEMMA").tolist()]
            self.lowers = self.doc.to_array("LOWER").tolist()
        wanted = self.doc.vocab.strings[lower] if lower else None
        return [
            self.doc[i]
            for i, lemma in enumerate(self.lemmas)
            if lemma in lemmas or (wanted is not None and self.lowers[i] == wanted)
        ]

    def indirect_quotes(self) -> list[Quote]:
        """Content clauses of speech verbs, and the clauses around "according to X"."""
        out: list[Quote] = []
        lexicon = self.lexicon
        cues = lexicon.speech_verbs | lexicon.object_verbs | lexicon.speech_nouns
        for token in self._tokens_with(cues, lower="according"):
            if self._in_marks(token.idx):
                continue
            if token.lower_ == "according" and self._is_cue_token(token):
                quote = self._according_quote(token)
            elif self._is_cue_token(token) and (sides := self._parenthetical(token)):
                out.extend(sides)
                continue
            elif self._is_cue_token(token):
                quote = self._clause_quote(token)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in self.lexicon.speech_nouns:
                quote = self._noun_quote(token)
            else:
                continue
            if quote is not None:
                out.append(quote)
        return out

    def attitude_quotes(self) -> list[Quote]:
        """What people are said to think, find or intend: "officials believe (that) ...",
        "Kyiv wants to join ...", "she complained about ..." (lexicon classes, not speech)."""
        out: list[Quote] = []
        lexicon = self.lexicon
        nouns = lexicon.topic_nouns - lexicon.speech_nouns
        cues = lexicon.attitude_verbs | lexicon.intention_verbs | lexicon.topic_verbs
        cues = cues | frozenset(lexicon.phrasal_cues) | nouns | lexicon.stance_words
        for token in self._tokens_with(cues):
            if self._in_marks(token.idx):
                continue
            lemma = token.lemma_.lower()
            if self._is_attitude_token(token):
                quote = self._clause_quote(token, attitude=True)
            elif token.pos_ == "NOUN" and lemma in nouns:
                quote = self._noun_quote(token)
            elif lemma in lexicon.stance_words and token.head.lemma_.lower() in lexicon.copulas:
                quote = self._stance_quote(token)
            else:
                continue
            if quote is not None:
                out.append(quote)
        return out

    def _stance_quote(self, word: Token) -> Quote | None:
        """A stance its subject holds: "Graham is critical of the deal", "Kyiv remains
        sure that ...", "she was a fierce opponent of the treaty"."""
        if (word.pos_, word.dep_) not in (("ADJ", "acomp"), ("NOUN", "attr")):
            return None
        span = stance_content(word, self.lexicon)
        if span is None:
            return None
        clipped = self._clip(span, word.idx)
        if clipped is None or self._mostly_quoted(*clipped):
            return None
        subject = subject_of(word.head)
        if subject is None or subject.i > word.i:
            return None
        speaker = self.resolver.resolve(subject)
        if speaker is None:
            return None
        if _text(self.text, speaker.mention).lower() in self.lexicon.impersonal_subjects:
            return None
        return self._quote(*clipped, "indirect", _Cue(word.text, speaker))

    def _is_attitude_token(self, t: Token) -> bool:
        lemma = t.lemma_.lower()
        lexicon = self.lexicon
        cues = lemma in lexicon.attitude_verbs or lemma in lexicon.intention_verbs
        cues = cues or lemma in lexicon.topic_verbs or lemma in lexicon.phrasal_cues
        return cues and t.pos_ == "VERB"

    def _parenthetical(self, verb: Token) -> list[Quote]:
        """The two parts of a sentence around a cue set in it between commas ("The strike, the
        ministry said, was aimed at depots"): one attribution, given as two quotes with the
        same speaker and cue, like a direct quote broken by its attribution."""
        sides = parenthetical_sides(verb)
        cue = self._cue_from_verb(verb)
        if sides is None or cue.speaker is None:
            return []
        parts = [self._clip(side, verb.idx) for side in sides]
        kept = [p for p in parts if p is not None and not self._mostly_quoted(*p)]
        if len(kept) != 2:
            return []
        return [self._quote(*p, "indirect", cue) for p in kept]

    def _clause_quote(self, verb: Token, *, attitude: bool = False) -> Quote | None:
        """What a cue verb reports: its content clause, else the infinitive of an intention
        ("wants to join"), else the topic of a topic verb ("complained about the delay")."""
        if not self._spoken(verb):
            return None
        span = content_clause(verb, self.text, self.lexicon)
        if span is None:
            span = intention_content(verb, self.lexicon)
        if span is None and not any(c.dep_ == "neg" for c in verb.children):
            span = topic_content(verb, self.lexicon)  # "did not comment on it" says nothing
        if span is None:
            span = phrasal_content(verb, self.lexicon)
        if span is None:
            return None
        clipped = self._clip(span, verb.idx)
        if clipped is None or self._mostly_quoted(*clipped):
            return None
        start, end = clipped
        cue = self._cue_from_verb(verb)
        if cue.speaker is None:
            return None
        said_by = _text(self.text, cue.speaker.mention).lower()
        attitude = attitude or verb.lemma_.lower() in self.lexicon.attitude_verbs
        if said_by == "you" or (attitude and said_by in self.lexicon.impersonal_subjects):
            return None  # "you could say that ...", "it shows that ...": no one's words
        return self._quote(start, end, "indirect", cue)

    def _spoken(self, verb: Token) -> bool:
        """Whether a verb like "tell" is speech here: someone is told, or told of something
        ("too early to tell whether ..." is no one speaking)."""
        if verb.lemma_.lower() not in self.lexicon.discern_verbs:
            return True
        heard = ("dobj", "dative", "iobj")
        return any(c.dep_ in heard or (c.dep_ == "prep" and c.lower_ in ("of", "about"))
                   for c in verb.children)

    def _noun_quote(self, noun: Token) -> Quote | None:
        """What a cue noun whose owner is named reports: "Moscow's claim that ...", "a
        statement by the ministry that ...", "his comments about the war" (noun_content)."""
        content = noun_content(noun, self.lexicon)
        owners = [c for c in noun.children if c.dep_ == "poss"]
        owners += [
            o
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ in ("by", "from")
            for o in c.children
            if o.dep_ == "pobj"
        ]
        if content is None or not owners:
            return None
        speaker = self.resolver.resolve(owners[0])
        if speaker is None or speaker.name is None:
            return None
        clipped = self._clip(content, noun.idx)
        if clipped is None or self._mostly_quoted(*clipped):
            return None
        return self._quote(*clipped, "indirect", _Cue(noun.text, speaker))

    def _according_quote(self, token: Token) -> Quote | None:
        cue = self._according(token)
        if cue.speaker is None:
            return None
        sent = self._sentence(token)
        clipped = self._clip(around(token, sent[0], sent[-1], self.text), token.idx)
        if clipped is None or self._mostly_quoted(*clipped):
            return None
        return self._quote(*clipped, "indirect", cue)

    # Helpers ---------------------------------------------------------------------------------

    def _clip(self, span: Span, anchor: int) -> Span | None:
        """The part of a reported clause in its cue's paragraph and after any dateline."""
        i = bisect_right(self.paras, (anchor, len(self.text) + 1)) - 1
        lo, hi = self.paras[i] if i >= 0 else (0, len(self.text))
        if self.dateline is not None and self.dateline[0] <= span[0] < self.dateline[1]:
            lo = max(lo, self.dateline[1])
        start, end = max(span[0], lo), min(span[1], hi)
        start, end = self._within_semicolons(start, end, anchor)
        closing = self._closing_after(end)
        if closing is not None and closing <= hi:
            end = closing  # the parse hangs '.”' on the main verb: keep the quote whole
        while start < end and not self.text[start].isalnum() and self.text[start] not in "\"“‘'":
            start += 1
        while end > start and self.text[end - 1] in " \t,;:—–-":
            end -= 1
        return (start, end) if end - start >= 2 else None

    def _within_semicolons(self, start: int, end: int, anchor: int) -> Span:
        """A semicolon outside quote marks ends a clause: what a cue reports stays on the
        cue's side of it ("X was not intended; they learned of it on Friday", he said)."""
        for at in range(self.text.find(";", start, end), end):
            if at < 0:
                break
            if self.text[at] != ";" or self._in_marks(at):
                continue
            if at < anchor:
                start = at + 1
            else:
                end = at
                break
        return start, end

    def _closing_after(self, end: int) -> int | None:
        """When a clause ends inside a quote (its closing mark not yet reached), one past that
        mark; the quote is then a partial quote inside the clause, not cut in two."""
        i = bisect_right(self.quoted, (end, len(self.text) + 1)) - 1
        if i < 0:
            return None
        lo, hi = self.quoted[i]
        return hi if lo < end < hi else None

    def _quote(self, start: int, end: int, kind: QuoteKind, cue: _Cue | None) -> Quote:
        speaker = cue.speaker if cue is not None else None
        return Quote(
            text=self.text[start:end],
            start=start,
            end=end,
            kind=kind,
            speaker=speaker.name if speaker is not None else None,
            speaker_mention=speaker.mention if speaker is not None else None,
            cue=cue.text if cue is not None else None,
        )

    def _sentence(self, token: Token) -> SpacySpan:
        """The token's sentence; the whole doc when the pipeline set no sentence boundaries."""
        if self.has_sentences:
            return token.sent
        return self.doc[:]

    def _tokens(self, window: Span) -> list[Token]:
        span = self.doc.char_span(window[0], window[1], alignment_mode="expand")
        return list(span) if span is not None else []

    def _token_at(self, offset: int) -> Token | None:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _in_marks(self, offset: int) -> bool:
        i = bisect_right(self.quoted, (offset, len(self.text) + 1)) - 1
        return i >= 0 and self.quoted[i][0] <= offset < self.quoted[i][1]

    def _mostly_quoted(self, start: int, end: int) -> bool:
        """A clause that is mostly a direct quote, or starts inside one and runs out past its
        closing mark (a parse across '“..., ” Flynn said'), is that quote's attribution, not
        reported speech."""
        first = max(0, bisect_right(self.quoted, (start, 0)) - 1)
        last = bisect_right(self.quoted, (end, len(self.text) + 1))
        nearby = self.quoted[first:last]
        if any(lo < start < hi < end and self.text[lo + 1 : start].strip() for lo, hi in nearby):
            return True  # from the middle of a quote out of it; '“X” to drive up...' is fine
        inside = sum(max(0, min(end, hi) - max(start, lo)) for lo, hi in nearby)
        return inside > 0.8 * (end - start)


def _is_title(content: str, function_words: frozenset[str]) -> bool:
    """Whether quoted words are a name in title case (a show, a book, a slogan's title):
    every word but short function words capitalised, at most MAX_TITLE_WORDS of them."""
    if content.rstrip(" ,”\"'’")[-1:] in ("!", "?", "."):
        return False  # "“U-S-A! U-S-A!”" is chanted, "“It's Our Time.”" sung: sentences
    words = content.strip(" ,.;:").split()
    if not words or len(words) > MAX_TITLE_WORDS or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in function_words for w in words)


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


def _back_along_chains(marked: list[Marked], cues: list[_Cue | None]) -> None:
    """A quote running over paragraphs takes the cue found at its end, for its earlier parts."""
    for i in range(len(marked) - 1, 0, -1):
        if marked[i].continued and cues[i] is not None:
            j = i - 1
            while j >= 0 and marked[j].paragraph == marked[i].paragraph:
                j -= 1
            if j >= 0 and marked[j].close_at is None and cues[j] is None:
                cues[j] = cues[i]


def _text(text: str, span: Span) -> str:
    return text[span[0] : span[1]]
