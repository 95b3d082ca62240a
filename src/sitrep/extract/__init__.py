"""One module per mention kind. Each extractor is built once (loading its data) and called per doc."""
