#!/usr/bin/env python3
"""Build the catalogue: `python build.py` builds content/ into site/; `python build.py check`
validates only. The same commands as `catalogue` (see `python build.py --help`)."""

from directory.cli import main

if __name__ == "__main__":
    main()
