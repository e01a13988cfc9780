"""Codes suggested for uncoded answers, learnt from the team's own coded answers.

Per language: TF-IDF over word uni- and bigrams and a one-vs-rest logistic regression per code
(scikit-learn; nothing downloaded, nothing pretrained). A code is learnt only when it was applied to at
least ``min_examples`` answers of that language. A suggestion carries the model's probability as its
confidence; the workbench shows suggestions and never applies one without a click.

:func:`evaluate` holds out a share of the coded answers (a fixed seed), trains on the rest and reports
precision and recall of the suggestions at the threshold on the held-out ones, so the team sees how much
to trust them.
"""

from __future__ import annotations

import random
import warnings
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

DEFAULT_THRESHOLD = 0.35
MIN_EXAMPLES = 3


@dataclass(frozen=True)
class Example:
    key: object          # what the caller identifies the answer by
    language: str
    text: str
    codes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    code: str
    confidence: float


@dataclass(frozen=True)
class Evaluation:
    precision: float | None
    recall: float | None
    held_out: int
    suggested: int
    threshold: float

    def to_dict(self) -> dict:
        rnd = lambda v: None if v is None else round(v, 3)  # noqa: E731
        return {"precision": rnd(self.precision), "recall": rnd(self.recall), "held_out": self.held_out,
                "suggested": self.suggested, "threshold": self.threshold}


class _LanguageModel:
    def __init__(self, examples: Sequence[Example], min_examples: int):
        counts: dict[str, int] = defaultdict(int)
        for e in examples:
            for code in e.codes:
                counts[code] += 1
        self.codes = sorted(c for c, n in counts.items() if n >= min_examples)
        self.ready = bool(self.codes) and len(examples) >= 2 * min_examples
        if not self.ready:
            return
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)
        x = self.vectorizer.fit_transform([e.text for e in examples])
        self.binarizer = MultiLabelBinarizer(classes=self.codes)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y = self.binarizer.fit_transform([sorted(set(e.codes) & set(self.codes)) for e in examples])
            self.model = OneVsRestClassifier(LogisticRegression(max_iter=1000, C=4.0, class_weight="balanced"))
            self.model.fit(x, y)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self.model.predict_proba(self.vectorizer.transform(texts))


class Suggester:
    """Trained on coded answers; suggests codes for others in the same languages."""

    def __init__(self, coded: Iterable[Example], *, min_examples: int = MIN_EXAMPLES):
        by_lang: dict[str, list[Example]] = defaultdict(list)
        for e in coded:
            if e.codes and e.text.strip():
                by_lang[e.language].append(e)
        self.models = {lang: _LanguageModel(examples, min_examples) for lang, examples in by_lang.items()}

    def languages(self) -> list[str]:
        return sorted(lang for lang, m in self.models.items() if m.ready)

    def suggest(self, answers: Sequence[Example], *, threshold: float = DEFAULT_THRESHOLD,
                limit: int = 5) -> dict[object, list[Suggestion]]:
        """Per answer key, the codes above ``threshold``, most confident first (none for an unknown language)."""
        out: dict[object, list[Suggestion]] = {}
        by_lang: dict[str, list[Example]] = defaultdict(list)
        for a in answers:
            by_lang[a.language].append(a)
        for lang, items in by_lang.items():
            model = self.models.get(lang)
            if model is None or not model.ready:
                for a in items:
                    out[a.key] = []
                continue
            probabilities = model.predict([a.text for a in items])
            for a, row in zip(items, probabilities):
                ranked = sorted(((model.codes[i], float(p)) for i, p in enumerate(row) if p >= threshold),
                                key=lambda item: -item[1])[:limit]
                out[a.key] = [Suggestion(code, round(p, 3)) for code, p in ranked]
        return out


def evaluate(coded: Sequence[Example], *, held_out_share: float = 0.25, seed: int = 11,
             threshold: float = DEFAULT_THRESHOLD, min_examples: int = MIN_EXAMPLES) -> Evaluation:
    """Precision and recall (micro-averaged over codes) of suggestions on held-out coded answers."""
    items = [e for e in coded if e.codes and e.text.strip()]
    random.Random(seed).shuffle(items)
    cut = max(1, int(len(items) * held_out_share)) if len(items) >= 4 else 0
    test, train = items[:cut], items[cut:]
    if not test:
        return Evaluation(None, None, 0, 0, threshold)
    suggester = Suggester(train, min_examples=min_examples)
    suggested = suggester.suggest(test, threshold=threshold, limit=50)
    true_positive = predicted = actual = 0
    for e in test:
        codes = {s.code for s in suggested.get(e.key, [])}
        learnable = set(e.codes)
        true_positive += len(codes & learnable)
        predicted += len(codes)
        actual += len(learnable)
    precision = true_positive / predicted if predicted else None
    recall = true_positive / actual if actual else None
    return Evaluation(precision, recall, len(test), predicted, threshold)


def examples_from(texts: Mapping[object, tuple[str, str]], codes: Mapping[object, set[str]]) -> list[Example]:
    """Examples from {key: (language, text)} and {key: codes}."""
    return [Example(key, lang, text, frozenset(codes.get(key, ()))) for key, (lang, text) in texts.items()]
