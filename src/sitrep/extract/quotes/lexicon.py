"""The cue lexicon for quotes (speech verbs, source phrases, pronouns), loaded from a data file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sitrep import data
from sitrep.errors import InputError

LEXICON = data.path("quotes/cues.json")


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Which words introduce speech, and how pronouns are read; see data/quotes/cues.json."""

    speech_verbs: frozenset[str]
    partial_cue_verbs: frozenset[str]
    """Verbs that frame a quoted phrase without a clause ("called the plan “a disaster”")."""
    object_verbs: frozenset[str]
    """Verbs whose object or infinitive is what was said ("announced a ceasefire")."""
    addressee_verbs: frozenset[str]
    """Verbs whose object is who was spoken to ("told reporters"): they need a clause."""
    object_preps: frozenset[str]
    """Prepositions that introduce what was said after an object verb ("called for talks")."""
    source_phrases: tuple[tuple[str, ...], ...]
    pronouns: dict[str, str]
    gendered_titles: dict[str, str]
    """A word before a name ("Mrs.", "spokesman") that says whether he or she refers to it."""
    speech_nouns: frozenset[str]
    """Nouns whose "that" clause is what someone said ("Moscow's claim that ...")."""
    attitude_verbs: frozenset[str]
    """Verbs of thinking and finding whose content clause is attributed ("officials believe")."""
    intention_verbs: frozenset[str]
    """Verbs whose infinitive is an attributed intention ("Kyiv wants to join")."""
    topic_verbs: frozenset[str]
    """Verbs whose prepositional object is what was said ("complained about the delay")."""
    topic_preps: frozenset[str]
    topic_stop_objects: frozenset[str]
    """Objects of a topic preposition that are a channel, not a topic ("on the phone")."""
    topic_nouns: frozenset[str]
    """Nouns whose owner said what their object names ("his comments about the war")."""
    phrasal_cues: dict[str, tuple[str, ...]]
    """Verbs that are cues with one of their particles ("point out", "lash out")."""
    stance_words: frozenset[str]
    """Adjectives and predicate nouns that attribute a stance ("critical of", "opponent of")."""
    copulas: frozenset[str]
    title_function_words: frozenset[str]
    """Words a title leaves in lower case ("Contract with America")."""
    impersonal_subjects: frozenset[str]
    """Subjects that are no source for an attitude verb ("it shows that")."""
    group_pronouns: frozenset[str]
    """Pronouns that name a group of people ("those close to him", "others")."""
    discern_verbs: frozenset[str]
    """Speech verbs that mean telling apart when no one is spoken to ("too early to tell")."""
    naming_verbs: frozenset[str]
    """Verbs that report speech only when they name or call for something ("called X a liar")."""
    abbreviations: frozenset[str]
    """Words whose full stop does not end a sentence ("Mr.", "Sen.")."""
    label_stoplist: frozenset[str]
    """Words before a colon that are not speakers ("UPDATE:", "WATCH:")."""

    @classmethod
    def load(cls, path: Path = LEXICON) -> CueLexicon:
        """Read the lexicon file; a broken file is an InputError naming it."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                speech_verbs=frozenset(data["speech_verbs"]),
                partial_cue_verbs=frozenset(data["partial_cue_verbs"]),
                object_verbs=frozenset(data["object_verbs"]),
                addressee_verbs=frozenset(data["addressee_verbs"]),
                object_preps=frozenset(data["object_preps"]),
                source_phrases=tuple(tuple(p) for p in data["source_phrases"]),
                pronouns=dict(data["pronouns"]),
                gendered_titles=dict(data["gendered_titles"]),
                speech_nouns=frozenset(data["speech_nouns"]),
                attitude_verbs=frozenset(data["attitude_verbs"]),
                intention_verbs=frozenset(data["intention_verbs"]),
                topic_verbs=frozenset(data["topic_verbs"]),
                topic_preps=frozenset(data["topic_preps"]),
                topic_stop_objects=frozenset(data["topic_stop_objects"]),
                topic_nouns=frozenset(data["topic_nouns"]),
                phrasal_cues={k: tuple(v) for k, v in data["phrasal_cues"].items()},
                stance_words=frozenset(data["stance_words"]),
                copulas=frozenset(data["copulas"]),
                title_function_words=frozenset(data["title_function_words"]),
                impersonal_subjects=frozenset(data["impersonal_subjects"]),
                group_pronouns=frozenset(data["group_pronouns"]),
                discern_verbs=frozenset(data["discern_verbs"]),
                naming_verbs=frozenset(data["naming_verbs"]),
                abbreviations=frozenset(data["abbreviations"]),
                label_stoplist=frozenset(data["label_stoplist"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise InputError(str(path), f"cannot read the quote cue lexicon: {err}") from err
