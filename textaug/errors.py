"""The exceptions textaug raises: one root, a few kinds a caller can act on."""

from __future__ import annotations


class TextaugError(Exception):
    """Root of every error textaug raises on purpose."""


class ConfigError(TextaugError, ValueError):
    """A recipe, augmenter name or parameter is wrong; raised at construction."""


class UsageError(ConfigError):
    """The command or call itself is wrong (options that clash, a format that cannot be
    told); the command line exits with 2 for it, as for options argparse rejects."""


class DataError(TextaugError, ValueError):
    """Input data is malformed; the message starts with ``path:line:`` when known."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)


class ResourceError(TextaugError, RuntimeError):
    """A resource (model, lexicon, vectors) is missing; the message says how to add it."""


class SpanError(TextaugError, ValueError):
    """An edit would cut into an entity span or overlap another edit."""
