"""sitrep_paragraph_breaks_v1: a line break ends a sentence, before the parser runs.

The small model's parser reads an article as one stream and hangs the first clause of a
paragraph on the verb of the one before ("..., Mr. Van Voorhis said.\\n\\nC2I plans to ..."
makes "plans" a complement of "said"). The parser keeps sentence starts set before it runs, so
marking the first token after a line break keeps every sentence, and every parse tree, inside
its paragraph (or headline line).
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "sitrep_paragraph_breaks_v1"
"""Versioned factory name (spaCy forbids dots in it); a change of behaviour is _v2."""


def mark_breaks(doc: Doc) -> Doc:
    """Set is_sent_start on each token that follows a line break (in a space token; a token's
    own trailing whitespace is one space or none, never a break)."""
    spaces = doc.to_array(IS_SPACE).tolist()
    # Only the space tokens are read as tokens: most of a doc's words are no break.
    for i in range(1, len(spaces)):
        if spaces[i - 1] and not spaces[i] and "\n" in doc[i - 1].text:
            doc[i].is_sent_start = True
    return doc


def register() -> None:
    """Register the component with spaCy once; called by build_nlp rather than at import."""
    if not Language.has_factory(FACTORY):
        Language.component(FACTORY, func=mark_breaks)
