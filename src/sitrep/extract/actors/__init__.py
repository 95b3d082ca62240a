"""Actors: people, organisations, states and groups, with canonical name, country and sector."""

from sitrep.extract.actors.extractor import ActorExtractor, ActorResult

VERSION = "sitrep.actors.v6"
"""Bumped whenever this stage's code or data changes what it finds."""

__all__ = ["VERSION", "ActorExtractor", "ActorResult"]
