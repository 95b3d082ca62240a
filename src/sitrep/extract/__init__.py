"""One module per mention kind; each extractor loads its data once and is called per doc."""
