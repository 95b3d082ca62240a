"""The cue lexicon for quotes (speech verbs, source phrases, pronouns), loaded from a data file."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep import data
from sitrep.errors import InputError

LEXICON = "quotes/cues.json"
ATTITUDE_OBJECTS = "quotes/attitude_objects.json"
"""The attitude object verbs, in a file of their own: the nlp stage reads cues.json too."""


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
    attitude_object_verbs: frozenset[str]
    """Verbs whose direct object is what their subject backs, opposes, judges or talks over
    ("Graham backed the deal"); read only with a person or body as subject."""
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
    spokes_nouns: frozenset[str]
    """Subjects that speak for a body named inside them ("a Kremlin spokesman")."""
    anaphoric_group_pronouns: frozenset[str]
    generic_subjects: frozenset[str]
    told_of_preps: frozenset[str]
    owner_preps: frozenset[str]
    coordinators: frozenset[str]
    phrasal_topic_preps: frozenset[str]
    noun_topic_preps: frozenset[str]
    stance_topic_preps: frozenset[str]
    parenthetical_verbs: frozenset[str]
    name_particles: frozenset[str]
    """Lower-case words inside a name ("bin", "von der")."""
    name_generations: frozenset[str]
    """Words after a name that make it another person ("Jr.")."""
    role_epithets: frozenset[str]
    third_person_forms: dict[str, frozenset[str]]
    """A speaker pronoun's forms ("he": he, him, his): a quote that uses them of someone
    is not that someone's own words."""
    """Words before a role that leave it the same role ("the former secretary")."""

    @classmethod
    def load(cls, name: str = LEXICON, attitude_objects: str = ATTITUDE_OBJECTS) -> CueLexicon:
        """Read the lexicon files (``stage/file`` in sitrep's data); a broken file is an
        InputError naming it."""
        try:
            objects = [str(w) for w in data.read_json(attitude_objects)["verbs"]]
        except (OSError, ValueError, KeyError, TypeError) as err:
            where = str(data.path(attitude_objects))
            raise InputError(where, f"cannot read the attitude object verbs: {err}") from err
        try:
            raw = data.read_json(name)
            return cls(
                speech_verbs=frozenset(raw["speech_verbs"]),
                partial_cue_verbs=frozenset(raw["partial_cue_verbs"]),
                object_verbs=frozenset(raw["object_verbs"]),
                addressee_verbs=frozenset(raw["addressee_verbs"]),
                object_preps=frozenset(raw["object_preps"]),
                source_phrases=tuple(tuple(p) for p in raw["source_phrases"]),
                pronouns=dict(raw["pronouns"]),
                gendered_titles=dict(raw["gendered_titles"]),
                speech_nouns=frozenset(raw["speech_nouns"]),
                attitude_verbs=frozenset(raw["attitude_verbs"]),
                intention_verbs=frozenset(raw["intention_verbs"]),
                attitude_object_verbs=frozenset(objects),
                topic_verbs=frozenset(raw["topic_verbs"]),
                topic_preps=frozenset(raw["topic_preps"]),
                topic_stop_objects=frozenset(raw["topic_stop_objects"]),
                topic_nouns=frozenset(raw["topic_nouns"]),
                phrasal_cues={k: tuple(v) for k, v in raw["phrasal_cues"].items()},
                stance_words=frozenset(raw["stance_words"]),
                copulas=frozenset(raw["copulas"]),
                title_function_words=frozenset(raw["title_function_words"]),
                impersonal_subjects=frozenset(raw["impersonal_subjects"]),
                group_pronouns=frozenset(raw["group_pronouns"]),
                discern_verbs=frozenset(raw["discern_verbs"]),
                naming_verbs=frozenset(raw["naming_verbs"]),
                abbreviations=frozenset(raw["abbreviations"]),
                label_stoplist=frozenset(raw["label_stoplist"]),
                spokes_nouns=frozenset(raw["spokes_nouns"]),
                anaphoric_group_pronouns=frozenset(raw["anaphoric_group_pronouns"]),
                generic_subjects=frozenset(raw["generic_subjects"]),
                told_of_preps=frozenset(raw["told_of_preps"]),
                owner_preps=frozenset(raw["owner_preps"]),
                coordinators=frozenset(raw["coordinators"]),
                phrasal_topic_preps=frozenset(raw["phrasal_topic_preps"]),
                noun_topic_preps=frozenset(raw["noun_topic_preps"]),
                stance_topic_preps=frozenset(raw["stance_topic_preps"]),
                parenthetical_verbs=frozenset(raw["parenthetical_verbs"]),
                name_particles=frozenset(raw["name_particles"]),
                name_generations=frozenset(raw["name_generations"]),
                role_epithets=frozenset(raw["role_epithets"]),
                third_person_forms={
                    k: frozenset(v) for k, v in raw["third_person_forms"].items()
                },
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            where = str(data.path(name))
            raise InputError(where, f"cannot read the quote cue lexicon: {err}") from err
