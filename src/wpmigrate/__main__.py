"""``python -m wpmigrate``: the only place besides the console script that exits."""

import sys

from wpmigrate.cli import main

if __name__ == "__main__":
    sys.exit(main())
