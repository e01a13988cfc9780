"""ODK-encrypted submissions, decrypted by fiit with the form's private key.

A form exported with a public key (``fiit export xlsform --public-key``) makes
ODK Collect (or Enketo) encrypt every submission before it leaves the tablet,
as the ODK XForms encryption specification says
(https://getodk.github.io/xforms-spec/encryption):

* a random 256-bit AES key per submission, itself encrypted with the form's
  RSA public key (RSA-OAEP, SHA-256 and MGF1 with SHA-256; the
  ``<base64EncryptedKey>`` of the manifest);
* the media files, then ``submission.xml``, encrypted with AES-256 in CFB mode
  (128-bit segments) and PKCS#7 padding; the IV of each file is the MD5 of the
  instance id and the AES key, with byte ``i % 16`` incremented once more for
  the i-th file (so the order of the manifest's files matters);
* ``<base64EncryptedElementSignature>``: the MD5 of the form id, version,
  encrypted key, instance id and each file's name and MD5, encrypted with the
  same RSA key.

No server between the tablet and fiit can read the answers: KoboToolbox and
ODK Central store the manifest and the encrypted files. :func:`decrypt_submission`
opens one with the private key fiit keeps (:mod:`fiit.vault.formkeys`) and
checks everything it can: a wrong key, a truncated or altered file, a
signature that does not match, or an instance id that differs from the
manifest's are refused with their reason (:class:`SubmissionRefused`); the
submission is then not imported at all. The primitives are ``cryptography``'s;
only the layout above is fiit's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Callable

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.asymmetric import padding as asymmetric, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

try:  # cryptography 47+ keeps CFB among its "decrepit" modes (it leaves the main module in 49)
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:  # pragma: no cover - older cryptography
    from cryptography.hazmat.primitives.ciphers.modes import CFB

from fiit.interop.errors import InteropError

SUBMISSIONS_NS = "http://opendatakit.org/submissions"
OPENROSA_NS = "http://openrosa.org/xforms"
MAX_ENCRYPTED_BYTES = 16 << 20  # a submission's XML is a few kilobytes; media are not needed


class SubmissionRefused(InteropError):
    """An encrypted submission that cannot be decrypted or checked; the message says why."""


def oaep() -> asymmetric.OAEP:
    """RSA/NONE/OAEPWithSHA256AndMGF1Padding as ODK Collect (Bouncy Castle) uses it: SHA-256 for both."""
    return asymmetric.OAEP(mgf=asymmetric.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


@dataclass(frozen=True)
class Manifest:
    form_id: str
    version: str
    encrypted_key: str  # base64, as in the manifest
    instance_id: str
    xml_file: str  # submission.xml.enc
    media: tuple[str, ...]
    signature: str  # base64, "" when absent


def read_manifest(data: bytes) -> Manifest:
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # defusedxml and expat raise several kinds
        raise SubmissionRefused(f"The submission manifest is not readable XML ({exc}).") from None

    def text(tag: str, ns: str = SUBMISSIONS_NS) -> str:
        found = root.find(f"{{{ns}}}{tag}")
        return (found.text or "").strip() if found is not None else ""

    if root.get("encrypted") != "yes":
        raise SubmissionRefused("The submission manifest does not say encrypted=\"yes\": it is not an encrypted "
                                "submission.")
    meta = root.find(f"{{{OPENROSA_NS}}}meta")
    instance = meta.find(f"{{{OPENROSA_NS}}}instanceID") if meta is not None else None
    media = tuple((m.text or "").strip() for m in root.findall(f"{{{SUBMISSIONS_NS}}}media/{{{SUBMISSIONS_NS}}}file"))
    manifest = Manifest(form_id=root.get("id", ""), version=root.get("version", ""),
                        encrypted_key=text("base64EncryptedKey"),
                        instance_id=(instance.text or "").strip() if instance is not None else "",
                        xml_file=text("encryptedXmlFile"), media=media,
                        signature=text("base64EncryptedElementSignature"))
    for what, value in (("form id", manifest.form_id), ("encrypted key", manifest.encrypted_key),
                        ("instance id", manifest.instance_id), ("encrypted XML file", manifest.xml_file)):
        if not value:
            raise SubmissionRefused(f"The submission manifest has no {what}.")
    return manifest


def _unwrap(private_key: rsa.RSAPrivateKey, value: str, what: str) -> bytes:
    try:
        return private_key.decrypt(base64.b64decode(value, validate=True), oaep())
    except (ValueError, binascii.Error):
        raise SubmissionRefused(f"The submission's {what} does not open with the form's private key: it was "
                                "encrypted for another key, or altered.") from None


def _ivs(instance_id: str, key: bytes):
    # MD5 (nosec below) is what ODK's encrypted-submission format fixes, for IVs and file digests alike.
    seed = bytearray(hashlib.md5(instance_id.encode("utf-8") + key).digest())  # noqa: S324  # nosec B324
    index = 0
    while True:
        seed[index % 16] = (seed[index % 16] + 1) % 256
        index += 1
        yield bytes(seed)


def _decrypt_file(key: bytes, iv: bytes, data: bytes, name: str) -> bytes:
    decryptor = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise SubmissionRefused(f"{name} is truncated or altered: its decrypted end is not valid padding.") from None


def decrypt_submission(manifest_xml: bytes, read_file: Callable[[str], bytes | None],
                       private_key: rsa.RSAPrivateKey) -> tuple[Manifest, bytes]:
    """The manifest and the submission's XML in clear; :class:`SubmissionRefused` if anything does not check."""
    manifest = read_manifest(manifest_xml)
    key = _unwrap(private_key, manifest.encrypted_key, "encrypted key")
    if len(key) != 32:
        raise SubmissionRefused("The submission's key is not a 256-bit AES key.")
    ivs = _ivs(manifest.instance_id, key)
    digests: list[str] = []
    clear = b""
    for name in (*manifest.media, manifest.xml_file):
        iv = next(ivs)
        data = read_file(name)
        if data is None:
            if name != manifest.xml_file:
                # A media file is not needed for fiit's forms, but the signature covers it: refuse.
                raise SubmissionRefused(f"The submission lists {name}, which is missing, so its signature cannot "
                                        "be checked.")
            raise SubmissionRefused(f"The submission's {name} is missing.")
        if len(data) > MAX_ENCRYPTED_BYTES:
            raise SubmissionRefused(f"{name} is larger than {MAX_ENCRYPTED_BYTES >> 20} MiB.")
        if len(data) == 0 or len(data) % 16:
            raise SubmissionRefused(f"{name} is truncated: an encrypted file is a whole number of 16-byte blocks.")
        plain = _decrypt_file(key, iv, data, name)
        digests.append(f"{name.removesuffix('.enc')}::{hashlib.md5(plain).hexdigest()}")  # noqa: S324  # nosec B324
        if name == manifest.xml_file:
            clear = plain
    _check_signature(manifest, digests, private_key)
    return manifest, clear


def signature_text(manifest: Manifest, digests: list[str]) -> bytes:
    parts = [manifest.form_id, *([manifest.version] if manifest.version else []), manifest.encrypted_key,
             manifest.instance_id, *digests]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _check_signature(manifest: Manifest, digests: list[str], private_key: rsa.RSAPrivateKey) -> None:
    if not manifest.signature:
        raise SubmissionRefused("The submission has no signature, so fiit cannot tell whether it was altered.")
    signed = _unwrap(private_key, manifest.signature, "signature")
    if signed != hashlib.md5(signature_text(manifest, digests)).digest():  # noqa: S324  # nosec B324
        raise SubmissionRefused("The submission's signature does not match its files: it was altered after "
                                "it left the tablet.")
