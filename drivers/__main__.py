"""``python -m drivers devices ...`` / ``python -m drivers bench``."""

from __future__ import annotations

import sys

from drivers.cli import main

sys.exit(main())
