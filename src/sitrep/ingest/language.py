"""Which language an article is in, so that non-English text is reported, not mangled."""

from __future__ import annotations

from functools import cache

import pycountry
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from sitrep.errors import LanguageError

# Below this many characters the identifier guesses; a short text is let through as English.
MIN_CHARS = 200
# Only a confident guess rejects an article.
MIN_PROBABILITY = 0.9
_SAMPLE_CHARS = 5000


@cache
def _identifier() -> LanguageIdentifier:
    """py3langid's model with probabilities, loaded once."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the text's language and the identifier's probability."""
    code, probability = _identifier().classify(text[:_SAMPLE_CHARS])
    return str(code), float(probability)


def check(text: str, origin: str, accepted: tuple[str, ...]) -> str:
    """The article's language code; LanguageError if it is confidently not one sitrep extracts."""
    default = accepted[0] if accepted else "en"
    if len(text) < MIN_CHARS:
        return default
    code, probability = detect(text)
    if code in accepted:
        return code
    if probability < MIN_PROBABILITY:
        return default
    wanted = " or ".join(_name(c) for c in accepted) or "English"
    raise LanguageError(origin, f"looks like {_name(code)} ({code}), sitrep extracts {wanted}")


def _name(code: str) -> str:
    """The English name of an ISO 639-1 language code."""
    language = pycountry.languages.get(alpha_2=code)
    return str(language.name) if language is not None else code
