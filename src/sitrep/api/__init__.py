"""The REST API and the analyst's web page, served by one FastAPI app (`sitrep.api.app`)."""
