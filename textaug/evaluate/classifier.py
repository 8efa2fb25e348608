"""The fast baseline classifier: TF-IDF word and character n-grams, logistic regression,
C tuned by cross-validation on the originals."""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from textaug.errors import ResourceError
from textaug.record import Record

#: The regulariser values tried by cross-validation on the originals.
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
#: Cross-validation folds at most (fewer when an intent has fewer shots).
MAX_FOLDS = 5


def require_sklearn() -> Any:
    """Import scikit-learn, or explain how to install it."""
    try:
        import sklearn
    except ImportError:
        raise ResourceError(
            'textaug evaluate needs scikit-learn: pip install "textaug[eval]"'
        ) from None
    return sklearn


def _vectorizer() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )


def fit_predict(
    train: Sequence[Record], tests: Sequence[Sequence[Record]], c: float
) -> list[list[str]]:
    from sklearn.linear_model import LogisticRegression

    vectorizer = _vectorizer()
    x = vectorizer.fit_transform([r.text for r in train])
    y = [str(r.label) for r in train]
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, y)
    return [list(model.predict(vectorizer.transform([r.text for r in t]))) for t in tests]


def tune_c(train: Sequence[Record], grid: Sequence[float], seed: int) -> float:
    """The C with the best stratified cross-validated accuracy on ``train`` (ties: likelihood)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    labels = [str(r.label) for r in train]
    counts: dict[str, int] = defaultdict(int)
    for label in labels:
        counts[label] += 1
    folds = min(MAX_FOLDS, max(counts.values()))
    if folds < 2 or len(counts) < 2:
        return 1.0
    texts = [r.text for r in train]
    correct = dict.fromkeys(grid, 0)
    likelihood = dict.fromkeys(grid, 0.0)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fit_idx, held_idx in splitter.split(texts, labels):
            vectorizer = _vectorizer()
            x = vectorizer.fit_transform([texts[i] for i in fit_idx])
            x_held = vectorizer.transform([texts[i] for i in held_idx])
            y = [labels[i] for i in fit_idx]
            if len(set(y)) < 2:
                continue
            for c in grid:
                model = LogisticRegression(C=c, max_iter=3000).fit(x, y)
                probabilities = model.predict_proba(x_held)
                column = {label: j for j, label in enumerate(model.classes_)}
                for row, i in zip(probabilities, held_idx, strict=True):
                    j = column.get(labels[i])
                    correct[c] += int(j is not None and row.argmax() == j)
                    likelihood[c] += math.log(max(row[j], 1e-9)) if j is not None else -20.7
    # Accuracy first; held-out log-likelihood breaks the frequent ties on tiny folds.
    return max(grid, key=lambda c: (correct[c], likelihood[c]))


def score(records: Sequence[Record], predicted: Sequence[str]) -> tuple[float, float]:
    """Accuracy and macro-F1 over the intents of the test set.

    An intent trained on but absent from the test set is left out of the average:
    otherwise an arm that predicts it once scores an F1 of 0 for it, and the arms are
    averaged over different intents.
    """
    from sklearn.metrics import accuracy_score, f1_score

    gold = [str(r.label) for r in records]
    return (
        float(accuracy_score(gold, predicted)),
        float(
            f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0)
        ),
    )
