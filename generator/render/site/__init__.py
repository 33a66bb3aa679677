"""Site producers: Corpus -> Markdown pages and published files."""
