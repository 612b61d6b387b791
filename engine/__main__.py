"""``python -m engine``: the command-line entry (see ``python -m engine --help``)."""

from engine.cli import main

raise SystemExit(main())
