"""Reading a zip archive from outside without trusting it: the guard every ``.qdpx`` goes through.

Refused, before anything is extracted or stored: a file that is not a zip; more than ``MAX_MEMBERS``
members; a member name that is absolute, climbs out of the archive (``..``), uses backslashes or a drive
letter, or holds control characters; a member larger than ``MAX_MEMBER_BYTES`` or compressed more than
``MAX_RATIO`` times; more than ``MAX_TOTAL_BYTES`` in all. Sizes are counted while decompressing, never
taken from the headers (which a zip bomb lies in). Nothing is written to disk: members are read into
memory, within those limits.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from fiit.problems.errors import FiitError
from fiit.problems import Problem

MAX_ARCHIVE_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
_CHUNK = 64 * 1024
_BAD_NAME = re.compile(r"(^[/\\])|(^[A-Za-z]:)|\\|(^|/)\.\.(/|$)|[\x00-\x1f]")


class ArchiveRefused(FiitError):
    def __init__(self, problem: Problem):
        super().__init__(problem.message, problems=[problem])
        self.problem = problem


@dataclass
class SafeArchive:
    members: dict[str, bytes]

    def get(self, name: str) -> bytes | None:
        return self.members.get(name)


def read_archive(data: bytes, *, file: str, wanted: callable = lambda name: True) -> SafeArchive:
    """The members of a zip (those ``wanted``), or :class:`ArchiveRefused` with the reason."""
    def refuse(code: str, message: str) -> ArchiveRefused:
        return ArchiveRefused(Problem(code, message, file=file))

    if len(data) > MAX_ARCHIVE_BYTES:
        raise refuse("too_large", f"The file is larger than {MAX_ARCHIVE_BYTES // (1024 * 1024)} MB.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse("not_zip", "The file is not a REFI-QDA project (.qdpx is a zip archive, and this is not "
                                "one, or it is damaged).") from None
    if len(infos) > MAX_MEMBERS:
        raise refuse("too_many_members", f"The archive holds {len(infos)} files; more than {MAX_MEMBERS} is refused.")
    for info in infos:
        if _BAD_NAME.search(info.filename):
            raise refuse("unsafe_path", f"The archive holds a file named '{info.filename[:80]}', which points outside "
                                        "the archive; the file is refused.")
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir() or not wanted(info.filename):
            continue
        out = bytearray()
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    out += chunk
                    total += len(chunk)
                    if len(out) > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                        raise refuse("zip_bomb", "The archive unpacks to far more than it holds (a zip bomb?); "
                                                 "the file is refused.")
                    if len(out) > _CHUNK and len(out) > MAX_RATIO * max(info.compress_size, 1):
                        raise refuse("zip_bomb", "The archive unpacks to far more than it holds (a zip bomb?); "
                                                 "the file is refused.")
        except ArchiveRefused:
            raise
        # zlib.error: a broken deflate stream (found by tests/coding/test_fuzz_qda.py; it escaped as a crash)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, RuntimeError,
                zlib.error):
            raise refuse("damaged_member", f"The file '{info.filename[:80]}' in the archive cannot be read "
                                           "(damaged, encrypted or compressed in an unknown way).") from None
        members[info.filename] = bytes(out)
    return SafeArchive(members)
