"""Run files on disk: ``$PANELBANK_HOME/files/<entity>/<project>/<run>/<name>``.

Uploads replace a file whole (written to a temporary file, then renamed); the console
log from file_stream is written by line offset, so a re-sent chunk overwrites the same
lines instead of adding them again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterable, Sequence
from pathlib import Path

from ...store.errors import InvalidNameError
from ...store.runs import check_file_name

__all__ = ["RunFiles", "TooLarge"]


class TooLarge(Exception):
    """An upload went over the size limit; nothing was kept."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the file is larger than {limit} bytes")
        self.limit = limit


def _check_part(kind: str, value: str) -> str:
    if value in ("", ".", "..") or "/" in value or "\\" in value or "\x00" in value:
        raise InvalidNameError(
            f"the {kind} name {value!r} cannot name a folder: it may not be empty, '.' or "
            "'..', nor contain '/', '\\' or NUL"
        )
    return value


class RunFiles:
    """The folder holding every run's files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, entity: str, project: str, run: str, name: str) -> Path:
        """Where a file of a run lives; :class:`InvalidNameError` for anything that would
        leave the run's folder."""
        folder = self.root.joinpath(
            _check_part("entity", entity), _check_part("project", project), _check_part("run", run)
        )
        return folder.joinpath(*check_file_name(name).split("/"))

    def remove_run(self, entity: str, project: str, run: str) -> None:
        """Delete every file of the run (its whole folder); nothing to do if it has none."""
        folder = self.path(entity, project, run, "x").parent
        shutil.rmtree(folder, ignore_errors=True)

    async def receive(self, path: Path, chunks: AsyncIterable[bytes], *, limit: int) -> int:
        """Replace ``path`` with the streamed ``chunks`` (atomically, and only once all
        arrived within ``limit`` bytes); returns the size written."""
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        size = 0
        try:
            with os.fdopen(descriptor, "wb") as handle:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(limit)
                    handle.write(chunk)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return size

    def line_count(self, path: Path) -> int:
        """Lines in a text file written by :meth:`write_lines` (0 when there is none)."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return 0
        return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)

    def write_lines(self, path: Path, offset: int, lines: Sequence[str]) -> int:
        """Put ``lines`` at line ``offset`` of a text file (overwriting lines already
        there, padding a gap with empty lines); returns the file's size. All or nothing:
        a failed write (disk full) leaves the file as it was."""
        path.parent.mkdir(parents=True, exist_ok=True)
        existing = path.read_text(encoding="utf-8").split("\n") if path.exists() else []
        if existing and not existing[-1]:
            existing.pop()  # what follows the last newline
        if offset == len(existing):
            size = path.stat().st_size if path.exists() else 0
            try:
                with path.open("a", encoding="utf-8", newline="\n") as handle:
                    handle.writelines(f"{line}\n" for line in lines)
            except BaseException:
                os.truncate(path, size)  # cut off a partly written append
                raise
            return path.stat().st_size
        if offset > len(existing):
            existing.extend([""] * (offset - len(existing)))
        existing[offset : offset + len(lines)] = lines
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".lines-")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(f"{line}\n" for line in existing)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path.stat().st_size
