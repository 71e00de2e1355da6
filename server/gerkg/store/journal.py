"""The journal of accepted writes: the durable truth that every worker process replays.

One JSON line per write, appended and fsynced under an exclusive lock before the write is acknowledged, so
an acknowledged write survives a crash or kill -9. Every worker applies the lines it has not seen before
serving a request. A line cut short by a crash was never acknowledged: it is cut off (with a log line) on
start and before the next append, so that no acknowledged line can ever follow it and be lost. A damaged
line that is not the last one is refused: the service does not start on a journal it cannot read.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


class JournalDamaged(Exception):
    """A complete line of the journal is not a record: it needs a person to look at it."""


class Journal:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.lock_path = self.path.with_suffix(".lock")
        self.offset = 0  # bytes of the journal this process has applied
        with self.locked():
            self._check()

    def _check(self) -> None:
        """Refuse a damaged journal; cut off a torn last line."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        end = data.rfind(b"\n") + 1
        for number, line in enumerate(data[:end].splitlines(), 1):
            try:
                json.loads(line)
            except ValueError:
                raise JournalDamaged(f"{self.path}, line {number}: not a journal record; the writes after it "
                                     "cannot be trusted. Restore the journal from a backup, or move it away "
                                     "to start without the writes.") from None
        if end < len(data):
            self._truncate(end)

    def _truncate(self, size: int) -> None:
        log.warning("journal %s: cutting off %d bytes of an unfinished write (never acknowledged)",
                    self.path, os.stat(self.path).st_size - size)
        with open(self.path, "r+b") as f:
            f.truncate(size)
            os.fsync(f.fileno())

    @contextmanager
    def locked(self):
        """Exclusive access for one writer at a time, across all worker processes."""
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def has_news(self) -> bool:
        try:
            return os.stat(self.path).st_size > self.offset
        except FileNotFoundError:
            return False

    def read_new(self) -> list[dict]:
        """Complete records after this process's offset; advances the offset past them."""
        if not self.has_news():
            return []
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        records = []
        consumed = 0
        for line in data.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break  # being written, or cut short by a crash: not acknowledged
            records.append(json.loads(line))
            consumed += len(line)
        self.offset += consumed
        return records

    def append(self, record: dict) -> None:
        """Write one record durably; call with the lock held and the journal read to its end (whatever
        lies beyond is what a writer killed while appending left, and is cut off first)."""
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        new = not self.path.exists()
        if not new and os.stat(self.path).st_size > self.offset:
            self._truncate(self.offset)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = 0
            while written < len(line):
                written += os.write(fd, line[written:])
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:  # make the file's directory entry durable too
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        self.offset += len(line)
