"""The interface's message catalogue without GNU gettext.

``extract()`` finds every translatable string of the web app: in templates
through Django's own ``templatize`` (what ``makemessages`` feeds to xgettext),
in Python through the syntax tree. ``catalogue_problems()`` compares a ``.po``
file with that list and checks each translation keeps the placeholders of its
original (a translation that drops ``%(count)s`` or ``{question}`` breaks the
page at run time). ``update_po()`` adds new strings to a ``.po`` file and marks
strings no longer used as obsolete, as ``makemessages`` would.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from fiit.vocabulary import vocabulary

WEB_DIR = Path(__file__).resolve().parent
LOCALE_DIR = WEB_DIR / "locale"
TEMPLATE_DIR = WEB_DIR / "templates"
DOMAIN = "django"
# Every language of the study vocabulary but English (the source) has a catalogue here.
TRANSLATED_LANGUAGES = tuple(lang.code for lang in vocabulary().languages if lang.code != "en")
PLURAL_FORMS = {lang.code: lang.plural_forms for lang in vocabulary().languages if lang.code != "en"}

GETTEXT_FUNCTIONS = {
    "_": 1, "gettext": 1, "gettext_lazy": 1, "gettext_noop": 1,
    "ngettext": 2, "ngettext_lazy": 2,
}
_LITERAL = r"""u(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_TEMPLATE_CALL = re.compile(rf"\b(ngettext|gettext)\(({_LITERAL}(?:,\s*{_LITERAL})?)")
_PERCENT = re.compile(r"%\((\w+)\)[sd]")
_BRACE = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    locations: list[tuple[str, int]] = field(default_factory=list)


def _add(found: dict[str, Message], msgid: str, plural: str | None, where: tuple[str, int]) -> None:
    message = found.setdefault(msgid, Message(msgid, plural))
    message.plural = message.plural or plural
    message.locations.append(where)


def _template_messages(found: dict[str, Message]) -> None:
    from django.utils.translation.template import templatize

    for path in sorted(TEMPLATE_DIR.rglob("*.html")):
        rel = str(path.relative_to(WEB_DIR))
        for lineno, line in enumerate(templatize(path.read_text(encoding="utf-8")).splitlines(), start=1):
            for match in _TEMPLATE_CALL.finditer(line):
                strings = [ast.literal_eval(s) for s in re.findall(_LITERAL, match.group(2))]
                _add(found, strings[0], strings[1] if len(strings) > 1 else None, (rel, lineno))


def _python_messages(found: dict[str, Message]) -> None:
    for path in sorted(WEB_DIR.rglob("*.py")):
        rel = str(path.relative_to(WEB_DIR))
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else None)
            if name not in GETTEXT_FUNCTIONS:
                continue
            n = GETTEXT_FUNCTIONS[name]
            args = node.args[:n]
            if len(args) == n and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                _add(found, args[0].value, args[1].value if n == 2 else None, (rel, node.lineno))


def extract() -> list[Message]:
    """Every translatable string of the web app, in a stable order."""
    found: dict[str, Message] = {}
    _template_messages(found)
    _python_messages(found)
    return sorted(found.values(), key=lambda m: m.msgid)


def placeholders(text: str) -> set[str]:
    return {f"%({name})" for name in _PERCENT.findall(text)} | {"{" + name + "}" for name in _BRACE.findall(text)}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def entry_problems(entry: polib.POEntry, where: str) -> list[str]:
    """Placeholders a translation lost or invented."""
    problems = []
    expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
    translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
    for text in translations:
        if not text:
            continue
        got = placeholders(text)
        # A singular form may leave out the count ("one day" for "%(count)d day"); never add one.
        missing = expected - got - ({"%(count)", "%(counter)"} if entry.msgid_plural else set())
        extra = got - expected
        if missing or extra:
            problems.append(
                f"{where}: the translation of {entry.msgid!r} has placeholders {sorted(got)}, "
                f"the original {sorted(expected)}."
            )
    return problems


def catalogue_problems(lang: str, messages: list[Message] | None = None, check_placeholders: bool = True) -> list[str]:
    """Untranslated, fuzzy or broken entries of one language, as sentences."""
    path = po_path(lang)
    if not path.exists():
        return [f"{path}: the file is missing."]
    po = polib.pofile(str(path))
    rel = str(path.relative_to(WEB_DIR))
    problems = []
    for entry in po:
        if check_placeholders and not entry.obsolete:
            problems += entry_problems(entry, rel)
    if messages is not None:
        index = {e.msgid: e for e in po if not e.obsolete}
        for message in messages:
            entry = index.get(message.msgid)
            if entry is None:
                problems.append(f"{rel}: {message.msgid!r} is not in the file.")
            elif "fuzzy" in entry.flags or not entry.translated():
                problems.append(f"{rel}: {message.msgid!r} has no reviewed translation.")
    return problems


def update_po(lang: str, messages: list[Message]) -> polib.POFile:
    """Add new strings to the language's .po file (empty), mark unused ones obsolete."""
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    po = polib.pofile(str(path)) if path.exists() else polib.POFile()
    if not po.header:
        po.header = (
            "Translations of the fiit web interface. Fill in msgstr; keep every %(name)s and {name}.\n"
            "Add new strings with: python -m fiit.web.compile_messages --update"
        )
    if not po.metadata:
        po.metadata = {
            "Project-Id-Version": "fiit",
            "Language": lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": PLURAL_FORMS.get(lang, "nplurals=2; plural=(n != 1);"),
        }
    wanted = {m.msgid: m for m in messages}
    for entry in po:
        if entry.msgid not in wanted:
            entry.obsolete = True
    for message in messages:
        entry = po.find(message.msgid, include_obsolete_entries=True)
        if entry is None:
            entry = polib.POEntry(msgid=message.msgid)
            if message.plural:
                entry.msgid_plural = message.plural
                entry.msgstr_plural = {0: "", 1: ""}
            po.append(entry)
        entry.obsolete = False
        entry.occurrences = [(f, str(n)) for f, n in message.locations]
        if placeholders(message.msgid) and "%(" in message.msgid:
            entry.flags = sorted(set(entry.flags) | {"python-format"})
    po.sort(key=lambda e: e.msgid)
    po.save(str(path))
    return po
