"""A bar chart of the results (matplotlib, optional)."""

from __future__ import annotations

import os
import statistics
from pathlib import Path
from typing import Any

from textaug.errors import DataError, ResourceError
from textaug.evaluate.results import ARMS, EvalResult


def require_matplotlib() -> Any:
    """Import matplotlib, or explain how to install it: call it before a long run that plots."""
    try:
        import matplotlib
    except ImportError:
        raise ResourceError('the plot needs matplotlib: pip install "textaug[eval]"') from None
    return matplotlib


def check_plot_path(path: str) -> None:
    """Raise now, not after the run, if matplotlib is missing or cannot write the format
    that ``path``'s suffix names (no suffix: PNG)."""
    require_matplotlib()
    from matplotlib.backend_bases import FigureCanvasBase

    suffix = Path(path).suffix.lower().lstrip(".")
    supported = FigureCanvasBase.get_supported_filetypes()
    if suffix and suffix not in supported:
        raise DataError(
            f"cannot plot to a {suffix!r} file; use one of: {', '.join(sorted(supported))}",
            path=path,
        )


def plot_file(path: str) -> str:
    """The file :func:`plot` writes for ``path``: ``path`` itself, or with ``.png`` added
    when it has no suffix (matplotlib's rule), so a clash with another output is seen.

    >>> plot_file("eval.pdf"), plot_file("eval"), plot_file("eval.")
    ('eval.pdf', 'eval.png', 'eval.png')
    """
    if os.path.splitext(path)[1][1:]:
        return path
    return path.rstrip(".") + ".png"


def plot(result: EvalResult, path: str, title: str = "") -> None:
    """Bar chart of accuracy (clean and noisy test) by shots and arm, with std error bars."""
    matplotlib = require_matplotlib()
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shots = list(result.scores)
    arms = [a for a in ARMS if any(a in result.scores[k] for k in shots)]
    figure, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    width = 0.8 / len(arms)
    for ax, metric, name in zip(
        axes, ("accuracy", "noisy_accuracy"), ("clean test", "typo-noised test"), strict=True
    ):
        for j, arm in enumerate(arms):
            means, stds = [], []
            for k in shots:
                values = [100 * v for v in result.metric(k, arm, metric)]
                means.append(statistics.fmean(values))
                stds.append(statistics.stdev(values) if len(values) > 1 else 0.0)
            xs = [i + (j - (len(arms) - 1) / 2) * width for i in range(len(shots))]
            ax.bar(xs, means, width, yerr=stds, capsize=3, label=arm)
        ax.set_xticks(range(len(shots)), [f"{k} shots" for k in shots])
        ax.set_title(name)
        ax.set_ylabel("accuracy (%)")
        low = min(
            100 * min(result.metric(k, a, m))
            for k in shots
            for a in arms
            for m in ("accuracy", "noisy_accuracy")
        )
        ax.set_ylim(max(0, low - 10), 100)
    axes[0].legend(fontsize=8, loc="lower right")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
