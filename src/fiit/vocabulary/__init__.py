"""The study vocabulary: every fact of the study design that fiit names, defined once, as data.

Countries (ISO and Eurostat codes, names, default interview language),
interface languages, themes, respondent (citizenship) groups, age bands,
education levels, forms of exploitation and their Eurostat groups, answer
states and the labels of the country frameworks' aspects live in YAML files
in ``fiit/vocabulary/data``, with labels in every interface language. The
web, the reports, the XLSForm export, statistics, the open data and the demo
all read them from here::

    from fiit.vocabulary import vocabulary
    v = vocabulary()
    v.country_codes                    # ('BE', 'FR', 'HU', 'IT', 'GB')
    v.country("UK").name_in("fr")      # 'Royaume-Uni' (ISO or Eurostat code)
    v.language_codes                   # ('en', 'nl', 'fr', 'it', 'hu')
    v.theme_label("status", "nl")      # 'Statuut'

A sixth country or language is a data change: add it to the files (or point
``FIIT_VOCABULARY_DIR`` at a folder holding a changed copy). Interface
sentences stay in gettext (``fiit/web/locale``). Pure core: no Django, no click.
"""

from fiit.vocabulary.loader import ENV_VAR, SHIPPED_DIR, VocabularyResult, read_vocabulary, vocabulary, vocabulary_dir
from fiit.vocabulary.model import (
    AgeBand,
    AnswerState,
    CitizenshipGroup,
    Country,
    EducationLevel,
    ExploitationForm,
    ExploitationGroup,
    FrameworkAspect,
    Language,
    Term,
    Vocabulary,
    VocabularyError,
)

__all__ = [
    "ENV_VAR", "SHIPPED_DIR", "AgeBand", "AnswerState", "CitizenshipGroup", "Country", "EducationLevel",
    "ExploitationForm", "ExploitationGroup", "FrameworkAspect", "Language", "Term", "Vocabulary",
    "VocabularyError", "VocabularyResult", "read_vocabulary", "vocabulary", "vocabulary_dir",
]
