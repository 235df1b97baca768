"""One module per `svspec` subcommand, each exposing a click command named `command`.

Modules import heavy libraries inside the command body so that `svspec --version` stays fast.
"""
