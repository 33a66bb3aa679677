"""Site producers: Corpus -> HTML pages (SitePage) and published files."""
