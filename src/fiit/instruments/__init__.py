"""What is asked: the FIIT instruments as data, their loader and answer validation (pure core)."""

from fiit.instruments.loader import (
    InstrumentError,
    LoadResult,
    load_instrument_data,
    load_instrument_file,
    load_instrument_text,
)
from fiit.instruments.registry import (
    BUILTIN_IDS,
    builtin_instruments,
    get_instrument,
    get_instrument_version,
    released_versions,
)
from fiit.instruments.model import DECLINED, Instrument, Option, Question, Section, pick
from fiit.instruments.validation import relevant_questions, validate_answers

__all__ = [
    "BUILTIN_IDS",
    "DECLINED",
    "Instrument",
    "InstrumentError",
    "LoadResult",
    "Option",
    "Question",
    "Section",
    "builtin_instruments",
    "get_instrument",
    "get_instrument_version",
    "load_instrument_data",
    "load_instrument_file",
    "load_instrument_text",
    "pick",
    "relevant_questions",
    "released_versions",
    "validate_answers",
]
