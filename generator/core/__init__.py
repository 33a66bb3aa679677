"""The content pipeline: source text -> model -> resolved corpus. Imports no renderer, no exporter,
no MkDocs and no output library."""
