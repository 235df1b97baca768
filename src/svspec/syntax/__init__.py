"""Syntax: grammar, parser, AST, builder and formatter."""
