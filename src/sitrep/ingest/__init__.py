"""Ingest: inputs (files, URLs, JSON Lines, stdin) to raw documents, raw documents to articles."""

from sitrep.ingest.clean import to_article
from sitrep.ingest.sources import read_inputs

__all__ = ["read_inputs", "to_article"]
