"""Stage 4: a resolved `Corpus` -> the files of the site (`producers`), the swimlane diagrams
(`diagram`) and the PDF handbooks (`handbook`). Nothing here imports mkdocs."""
