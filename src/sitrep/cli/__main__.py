"""``python -m sitrep.cli``: the ``sitrep`` command."""

import sys

from sitrep.cli.main import main

sys.exit(main())
