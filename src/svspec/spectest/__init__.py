"""`svspec test`: executable examples kept beside a spec (`NAME.svtest.yaml`), in the spirit of
OpenFisca's YAML tests. `cases` reads test files; `run` scores each case and compares."""
