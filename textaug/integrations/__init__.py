"""textaug inside the tools people train with: spaCy, Hugging Face datasets, pandas and Dask.

One module per tool (``spacy_augmenter``, ``hf``, ``pandas``, ``dask``); each
imports its library only when used, so ``import textaug`` stays light and
``datasets``, ``pandas`` and ``dask`` stay optional (extras ``hf``, ``pandas``,
``dask``; spaCy is a core dependency). Every integration gives record ``i`` the
generator made from ``(seed, i)``, exactly as ``textaug augment`` does, so the
same input and seed give the same variants whichever tool runs them.
"""
