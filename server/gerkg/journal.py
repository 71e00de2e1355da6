"""The journal of accepted writes: the durable truth that every worker process replays.

One JSON line per write, appended and fsynced under an exclusive lock before the write is acknowledged, so
an acknowledged write survives a crash or kill -9. Every worker applies the lines it has not seen before
serving a request; a line cut short by a crash is ignored, as it was never acknowledged.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path


class Journal:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.lock_path = self.path.with_suffix(".lock")
        self.offset = 0  # bytes of the journal this process has applied

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
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                break
            consumed += len(line)
        self.offset += consumed
        return records

    def append(self, record: dict) -> None:
        """Write one record durably; call with the lock held and the journal read to its end."""
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        new = not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
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
