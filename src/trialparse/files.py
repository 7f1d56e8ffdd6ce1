"""Reading pages from files, as the command line and the Dask recipe do.

Bytes decoded as UTF-8 with line endings kept (spans index the text as stored), and gzip
recognised by its magic bytes, not its name.
"""

from __future__ import annotations

import gzip
import sys
import zlib
from pathlib import Path
from typing import Final

__all__ = ["READ_ERRORS", "read_page", "why_unreadable"]

READ_ERRORS: Final = (OSError, EOFError, zlib.error, UnicodeDecodeError)
"""What ``read_page`` raises for an input that cannot be read."""

_GZIP_MAGIC: Final = b"\x1f\x8b"


def read_page(name: str) -> str:
    """The text of one page, exactly as stored (line endings kept); ``"-"`` reads standard input.

    Gzip-compressed content (``.txt.gz``, recognised by its magic bytes, not its name) is
    decompressed first. Raises ``OSError``, ``EOFError`` or ``zlib.error`` for unreadable or
    damaged files and ``UnicodeDecodeError`` for text that is not UTF-8.

    >>> import gzip, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "page.txt.gz"
    >>> _ = path.write_bytes(gzip.compress(b"Quick facts\\r\\n\\r\\nSexAll"))
    >>> read_page(str(path))
    'Quick facts\\r\\n\\r\\nSexAll'
    """
    data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    if data[:2] == _GZIP_MAGIC:
        data = gzip.decompress(data)
    return data.decode("utf-8")


def why_unreadable(err: BaseException) -> str:
    """The reason ``read_page`` failed, in a few words for a message.

    >>> why_unreadable(FileNotFoundError(2, "No such file or directory"))
    'No such file or directory'
    """
    return err.strerror if isinstance(err, OSError) and err.strerror else str(err) or type(err).__name__
