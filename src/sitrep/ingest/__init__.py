"""Ingest: inputs (files, URLs, JSON Lines, stdin) to raw documents, raw documents to articles."""

from sitrep.ingest.clean import to_article
from sitrep.ingest.sources import read_inputs

VERSION = "sitrep.ingest.v6"
"""Bumped whenever cleaning, dateline or language rules change the article a document gives."""

__all__ = ["VERSION", "read_inputs", "to_article"]
