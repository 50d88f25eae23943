"""Parsers: turn one file's text into plain facts (clauses, definitions, references) with ranges.

Parsers know nothing of the workspace or the graph, and never raise on user input. The
languages (`languages.py`) and spec formats (`specs.py`) that read files live here too, with
the conventions of each language that the layers above ask for.
"""
