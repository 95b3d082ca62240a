"""Actors: people, organisations, states and groups, with canonical name, country and sector."""

from sitrep.extract.actors.extractor import ActorExtractor, ActorResult

__all__ = ["ActorExtractor", "ActorResult"]
