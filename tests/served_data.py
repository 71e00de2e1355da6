"""A service that serves only a small data file written by a test (`ger serve --no-ger --data FILE`)."""

from __future__ import annotations

import contextlib

from conftest import start_ger


@contextlib.contextmanager
def serving(folder, filename: str, text: str):
    """The URL of a service over `text`, saved as `folder/filename` (its extension says the syntax)."""
    (folder / filename).write_text(text)
    proc = start_ger(folder, "--no-ger", "--data", str(folder / filename))
    try:
        yield proc.url
    finally:
        proc.stop()
