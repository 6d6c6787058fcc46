"""`python -m desktop_app` starts the program exactly like the `opeka` console script."""

import sys

from desktop_app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
