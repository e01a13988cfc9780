"""Encrypted ODK submissions as they are downloaded, read as one table of decrypted rows.

ODK Central keeps an encrypted submission as its manifest (the submission's
XML, ``GET …/submissions/{instanceId}.xml``) and its ``submission.xml.enc``
attachment; ODK Briefcase's storage and ODK Collect's ``instances`` folder lay
each one out the same way, one folder per submission. fiit reads a folder, or a
zip of it, holding such submission folders: each folder's manifest (the XML
file that is not ``.enc``) and its encrypted files. Each submission is
decrypted in memory with the form's private key
(:mod:`~fiit.interop.submissions.encrypted`) and flattened to the columns of an
ODK Central CSV (groups joined by ``-``), so it is checked by the same rules as
any other row. A submission that cannot be decrypted or checked becomes a
rejected row with its reason; nothing of it is stored. Decrypted text is never
written to disk.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator

from fiit.interop.errors import FileRefused
from fiit.interop.forms.layout import NOTE, FormLayout
from fiit.interop.submissions.encrypted import SubmissionRefused, decrypt_submission

ENCRYPTED = "odk-encrypted"
ENCRYPTED_XML = "submission.xml.enc"
MAX_INSTANCES = 100_000
MAX_MANIFEST_BYTES = 1 << 20


@dataclass(frozen=True)
class Undecryptable:
    """A submission folder whose submission could not be decrypted or checked."""

    where: str
    reason: str


def _folders(names: list[str]) -> dict[str, list[str]]:
    by_folder: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if not name.endswith("/"):
            by_folder[str(PurePosixPath(name).parent)].append(PurePosixPath(name).name)
    return {folder: files for folder, files in by_folder.items() if ENCRYPTED_XML in files}


def holds_instances(names: list[str]) -> bool:
    return any(PurePosixPath(n).name == ENCRYPTED_XML for n in names)


def _listing(path: Path) -> list[str]:
    if path.is_dir():
        return sorted(str(p.relative_to(path).as_posix()) for p in path.rglob("*") if p.is_file())
    with zipfile.ZipFile(path) as archive:
        return sorted(archive.namelist())


def check_instances(path: Path):
    """A folder or zip of encrypted submission folders, as a checked file (hash over every file)."""
    from fiit.interop.submissions.filecheck import CheckedFile

    names = _listing(path)
    folders = _folders(names)
    if not folders:
        raise FileRefused(f"{path.name} holds no encrypted submission ({ENCRYPTED_XML}).")
    if len(folders) > MAX_INSTANCES:
        raise FileRefused(f"{path.name} holds {len(folders)} submissions; import at most {MAX_INSTANCES} at once.")
    digest = hashlib.sha256()
    size = 0
    with _reader(path) as read:
        for name in names:
            data = read(name) or b""
            digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
            size += len(data)
    return CheckedFile(path=path, kind=ENCRYPTED, sha256=digest.hexdigest(), size=size, lines=len(folders) + 1)


@contextmanager
def _reader(path: Path) -> Iterator[Callable[[str], bytes | None]]:
    if path.is_dir():
        root = path.resolve()

        def read(name: str) -> bytes | None:
            target = (root / name).resolve()
            if root not in target.parents or not target.is_file():
                return None
            return target.read_bytes()

        yield read
        return
    with zipfile.ZipFile(path) as archive:
        members = set(archive.namelist())

        def read(name: str) -> bytes | None:
            return archive.read(name) if name in members else None

        yield read


def _flatten(element, prefix: str, out: dict[str, str]) -> None:
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1]
        path = f"{prefix}-{tag}" if prefix else tag
        if len(child):
            _flatten(child, path, out)
        else:
            out[path] = (child.text or "")


def table_header(layout: FormLayout) -> list[str]:
    header = ["-".join(f.path) for f in layout.fields() if f.kind != NOTE]
    return header + ["meta-instanceID", "FormVersion"]


def instance_rows(checked, layout: FormLayout, private_key) -> tuple[list[str], Iterator[tuple[int, Any]]]:
    """The header, and per submission folder (sorted) its decrypted record or an :class:`Undecryptable`."""
    from defusedxml import ElementTree

    header = table_header(layout)
    position = {column: i for i, column in enumerate(header)}
    names = _listing(checked.path)
    folders = _folders(names)

    def rows() -> Iterator[tuple[int, Any]]:
        with _reader(checked.path) as read:
            for number, (folder, files) in enumerate(sorted(folders.items()), start=2):
                where = f"{folder}/{ENCRYPTED_XML}" if folder != "." else ENCRYPTED_XML
                manifests = [f for f in files if f.endswith(".xml")]
                if len(manifests) != 1:
                    yield number, Undecryptable(where, f"The folder {folder} should hold one manifest (.xml) beside "
                                                       f"{ENCRYPTED_XML}; it holds {len(manifests)}.")
                    continue
                base = "" if folder == "." else f"{folder}/"
                manifest_xml = read(base + manifests[0]) or b""
                if len(manifest_xml) > MAX_MANIFEST_BYTES:
                    yield number, Undecryptable(where, "The manifest is too large to be a submission manifest.")
                    continue
                try:
                    manifest, clear = decrypt_submission(manifest_xml, lambda name: read(base + name), private_key)
                    if manifest.form_id != layout.form_id:
                        raise SubmissionRefused(f"The submission is of form '{manifest.form_id}', not "
                                                f"'{layout.form_id}'; check the instrument.")
                    root = ElementTree.fromstring(clear)
                    values: dict[str, str] = {}
                    _flatten(root, "", values)
                    if values.get("meta-instanceID", "").strip() != manifest.instance_id:
                        raise SubmissionRefused("The decrypted submission's instance id differs from its manifest's.")
                except SubmissionRefused as exc:
                    yield number, Undecryptable(where, str(exc))
                    continue
                except Exception as exc:  # a damaged decrypted XML
                    yield number, Undecryptable(where, f"The decrypted submission is not readable XML ({exc}).")
                    continue
                record = [""] * len(header)
                for column, value in values.items():
                    if column in position:
                        record[position[column]] = value
                record[position["FormVersion"]] = manifest.version
                yield number, record

    return header, rows()
