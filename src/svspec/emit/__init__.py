"""Emitters: each turns the frozen model into one kind of output. They never see the AST."""
