"""Does augmentation help my classifier? Few-shot runs with an honest duplication control.

For each number of shots k and each seed, k examples per intent are drawn
from the training data; only that subset is augmented (so no variant of a
training example can reach the test set). Rows without an intent, and rows
textaug generated (``meta["textaug"]["parent"]``: their parent might be drawn
for training), are ignored with a note. Without a test set, each run tests on
the rows it did not draw, less those whose normalised text repeats a training
row's; a shot count that leaves no row to test on is skipped. A fast baseline
classifier (TF-IDF word 1-2-grams and char_wb 2-5-grams, logistic regression)
is trained on:

* ``none``: the k-shot originals;
* ``duplicate``: the originals repeated to the augmented set's row count, per
  intent. Adding rows weakens logistic regression's effective regularisation,
  and that alone moves accuracy; this control isolates it;
* ``recipe``: the originals expanded by the recipe (:mod:`textaug.expand`);
* optionally ``baseline`` and ``baseline duplicate``: an EDA-style recipe and
  its own control.

The regulariser C is tuned once per run on the originals (stratified
cross-validation on the k-shot set) and used for every arm. Each arm is scored
on the test set and on a typo-noised copy of it (one keyboard typo in about 30%
of the words). scikit-learn and matplotlib are optional (``textaug[eval]``).

- :mod:`~textaug.evaluate.data`: the rows each run trains and tests on;
- :mod:`~textaug.evaluate.classifier`: the classifier and the tuning of C;
- :mod:`~textaug.evaluate.experiment`: the runs and arms (:func:`evaluate`);
- :mod:`~textaug.evaluate.results`: scores, gains, markdown and JSON;
- :mod:`~textaug.evaluate.plot`: the PNG chart.
"""

from textaug.evaluate.classifier import (
    C_GRID,
    MAX_FOLDS,
    fit_predict,
    require_sklearn,
    score,
    tune_c,
)
from textaug.evaluate.data import (
    Draw,
    LenientFile,
    draw_k_shot,
    duplicated,
    eda_augment,
    ignored_reason,
    is_generated,
    k_shot,
    noise_augmenter,
    noisy_copy,
    pick_rows,
    read_lenient,
    usable,
    without_repeats,
)
from textaug.evaluate.experiment import (
    BASELINES,
    DEFAULT_TEST_LIMIT,
    EDA_FULL,
    EvalSettings,
    baseline_recipe,
    eda_n_aug,
    evaluate,
)
from textaug.evaluate.plot import check_plot_path, plot, plot_file, require_matplotlib
from textaug.evaluate.results import ARMS, ArmScore, EvalResult

__all__ = [
    "ARMS",
    "BASELINES",
    "C_GRID",
    "DEFAULT_TEST_LIMIT",
    "EDA_FULL",
    "MAX_FOLDS",
    "ArmScore",
    "Draw",
    "EvalResult",
    "EvalSettings",
    "LenientFile",
    "baseline_recipe",
    "check_plot_path",
    "draw_k_shot",
    "duplicated",
    "eda_augment",
    "eda_n_aug",
    "evaluate",
    "fit_predict",
    "ignored_reason",
    "is_generated",
    "k_shot",
    "noise_augmenter",
    "noisy_copy",
    "pick_rows",
    "plot",
    "plot_file",
    "read_lenient",
    "require_matplotlib",
    "require_sklearn",
    "score",
    "tune_c",
    "usable",
    "without_repeats",
]
