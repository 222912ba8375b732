"""megaroth's engine, one subpackage per stage of the pipeline, lowest first.

reading → money → deciding → reporting → running: each stage imports only the
stages before it (the import-linter contracts in pyproject.toml, checked by the
test suite). docs/architecture.md says what each holds.
"""
