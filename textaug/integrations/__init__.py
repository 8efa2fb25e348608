"""textaug inside the tools people train with: spaCy, Hugging Face datasets, pandas and Dask.

Each integration lives in its own module and imports its library only when
called, so ``import textaug`` stays light and the libraries stay optional
(extras ``spacy`` is a core dependency; ``hf``, ``pandas`` and ``dask`` are
extras). Every integration gives record ``i`` the generator made from
``(seed, i)``, exactly as ``textaug augment`` does, so the same input and seed
give the same variants whichever tool runs them.
"""
