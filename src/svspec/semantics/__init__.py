"""Semantics: load files and imports, resolve names, check rules, lower to the model."""
