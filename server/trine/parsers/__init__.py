"""Parsers: turn one file's text into plain facts (clauses, definitions, references) with ranges.

Parsers know nothing of the workspace or the graph, and never raise on user input.
"""
