"""Rebuild ``src/trialparse/_regex-3XX.bin``, the table of compiled patterns (see ``trialparse._regex``),
for the Python that runs it: one table per minor version.

Run after changing any pattern, with every Python the package ships a table for::

    .venv/bin/python scripts/build_regex_table.py                 # 3.11, the project's venv
    PYTHONPATH=src python3.12 scripts/build_regex_table.py        # needs attrs installed
    PYTHONPATH=src python3.13 scripts/build_regex_table.py

``tests/test_regex_cache.py`` fails until the running Python's table matches the patterns
again. A table left stale for another version is never wrong, only slower: a changed pattern
is missing from it and compiled as usual.
"""

from trialparse._regex import write

if __name__ == "__main__":
    write()
