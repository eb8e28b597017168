"""`python -m bot` runs the steward command line."""

from bot.cli import main

raise SystemExit(main())
