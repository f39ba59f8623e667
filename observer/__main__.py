"""Run the command line as ``python -m observer``."""

from observer.cli import main

raise SystemExit(main())
