"""Encrypting a submission as ODK Collect does, written from the ODK XForms encryption specification
(https://getodk.github.io/xforms-spec/encryption) with ``cryptography``, apart from fiit's decryption code."""

from __future__ import annotations

import base64
import csv
import hashlib
import os
from pathlib import Path
from xml.etree import ElementTree

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.asymmetric import padding as asym
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

try:
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:  # older cryptography
    from cryptography.hazmat.primitives.ciphers.modes import CFB

OAEP = asym.OAEP(mgf=asym.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def submission_xml(header: list[str], row: list[str], form_id: str, version: str) -> bytes:
    """An ODK Central CSV row back as the instance XML Collect would have sent (groups from the '-' paths)."""
    root = ElementTree.Element("data", {"id": form_id, "version": version})
    for column, value in zip(header, row):
        if column in ("SubmissionDate", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
                      "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"):
            continue
        node = root
        for part in column.split("-"):
            child = node.find(part)
            if child is None:
                child = ElementTree.SubElement(node, part)
            node = child
        node.text = value
    return ElementTree.tostring(root, encoding="utf-8")


def encrypt_submission(xml: bytes, public_key, form_id: str, version: str, instance_id: str,
                       media: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The files of one encrypted submission: the manifest (submission.xml), submission.xml.enc and media .enc."""
    key = os.urandom(32)
    seed = bytearray(hashlib.md5(instance_id.encode() + key).digest())
    files: dict[str, bytes] = {}
    signed = [form_id, version, None, instance_id]
    digests = []
    counter = 0
    for name, plain in [*(media or {}).items(), ("submission.xml", xml)]:
        seed[counter % 16] = (seed[counter % 16] + 1) & 0xFF
        counter += 1
        padder = padding.PKCS7(128).padder()
        encryptor = Cipher(algorithms.AES(key), CFB(bytes(seed))).encryptor()
        files[name + ".enc"] = encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()
        digests.append(f"{name}::{hashlib.md5(plain).hexdigest()}")
    encrypted_key = base64.b64encode(public_key.encrypt(key, OAEP)).decode()
    signed[2] = encrypted_key
    text = "\n".join([*[s for s in signed if s], *digests]) + "\n"
    signature = base64.b64encode(public_key.encrypt(hashlib.md5(text.encode()).digest(), OAEP)).decode()
    media_xml = "".join(f"<media><file>{name}.enc</file></media>" for name in (media or {}))
    files["submission.xml"] = (
        f'<data xmlns="http://opendatakit.org/submissions" id="{form_id}" encrypted="yes" version="{version}">'
        f"<base64EncryptedKey>{encrypted_key}</base64EncryptedKey>"
        f"<encryptedXmlFile>submission.xml.enc</encryptedXmlFile>{media_xml}"
        f"<base64EncryptedElementSignature>{signature}</base64EncryptedElementSignature>"
        f'<meta xmlns="http://openrosa.org/xforms"><instanceID>{instance_id}</instanceID></meta></data>'
    ).encode()
    return files


def write_encrypted_instances(folder: Path, odk_csv: Path, public_key, form_id: str, version: str,
                              media_for_first: bool = False) -> list[Path]:
    """One folder per submission of an ODK Central CSV, as Briefcase stores them and Central serves them."""
    with odk_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, made = rows[0], []
    for index, row in enumerate(rows[1:]):
        instance_id = row[header.index("meta-instanceID")]
        xml = submission_xml(header, row, form_id, version)
        media = {"photo.jpg": b"\xff\xd8\xff not a real photo"} if media_for_first and index == 0 else None
        target = folder / instance_id.replace(":", "")
        target.mkdir(parents=True)
        for name, data in encrypt_submission(xml, public_key, form_id, version, instance_id, media).items():
            (target / name).write_bytes(data)
        made.append(target)
    return made
