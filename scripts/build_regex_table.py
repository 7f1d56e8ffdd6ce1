"""Rebuild ``src/trialparse/_regex.bin``, the table of compiled patterns (see ``trialparse._regex``).

Run after changing any pattern: ``.venv/bin/python scripts/build_regex_table.py``.
``tests/test_regex_cache.py`` fails until the table matches the patterns again.
"""

from trialparse._regex import write

if __name__ == "__main__":
    write()
