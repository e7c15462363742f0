"""`medcli import`: Markdown monograph pages → validated schema-1 monographs.

parse (Markdown → blocks and sections) → mapping (sections → Monograph, with
headings, side_effects, precautions, faqs, names) → writer (deterministic YAML,
checked, written atomically) → run (many pages, in worker processes), with
coverage measuring that no word of a page was lost. No module here imports
Typer or Rich.
"""
