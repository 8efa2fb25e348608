"""``python -m textaug`` runs the command line."""

import sys

from textaug.cli import main

sys.exit(main())
