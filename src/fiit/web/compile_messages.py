"""Compile the interface translations (.po) to .mo files with polib, without GNU gettext.

    python -m fiit.web.compile_messages           # write django.mo next to each django.po
    python -m fiit.web.compile_messages --check   # also fail on untranslated strings
    python -m fiit.web.compile_messages --update  # add new strings to the .po files, then stop

A translation whose placeholders differ from its original is refused (nothing
is written for any language) because it would break the page that shows it.
Exit status: 0 when every file compiled (and, with --check, is complete), 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polib

from fiit.web.catalog import LOCALE_DIR, TRANSLATED_LANGUAGES, catalogue_problems, entry_problems, po_path

PASSKEY_TEXTS_DIR = Path(__file__).parent / "passkey_texts" / "locale"


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def compile_all(locale_dir: Path = LOCALE_DIR) -> tuple[list[Path], list[str]]:
    """(written .mo files, problems). Nothing is written if any .po file has a problem."""
    problems: list[str] = []
    catalogues = []
    for path in po_files(locale_dir):
        try:
            po = polib.pofile(str(path))
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: cannot be read ({exc}).")
            continue
        for entry in po:
            if not entry.obsolete:
                problems += entry_problems(entry, str(path))
        catalogues.append((path, po))
    if problems:
        return [], problems
    written = []
    for path, po in catalogues:
        target = path.with_suffix(".mo")
        po.save_as_mofile(str(target))
        written.append(target)
    return written, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fiit.web.compile_messages", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a string of the interface has no translation")
    parser.add_argument("--update", action="store_true", help="add new strings to the .po files and stop")
    args = parser.parse_args(argv)
    if args.check or args.update:
        import django
        from django.conf import settings

        if not settings.configured:
            settings.configure()
            django.setup()
        from fiit.web.catalog import extract, update_po

        messages = extract()
        if args.update:
            for lang in TRANSLATED_LANGUAGES:
                update_po(lang, messages)
                print(f"updated {po_path(lang)}")
            return 0
    written, problems = compile_all()
    more, more_problems = compile_all(PASSKEY_TEXTS_DIR)  # the passkey scripts' sentences (fiit.web.passkey_texts)
    written, problems = written + more, problems + more_problems
    if args.check:
        for lang in TRANSLATED_LANGUAGES:
            problems += catalogue_problems(lang, messages, check_placeholders=False)
    for problem in problems:
        print(f"compile_messages: {problem}", file=sys.stderr)
    for path in written:
        print(f"wrote {path}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
