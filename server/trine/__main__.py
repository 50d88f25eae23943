"""Allow `python -m trine`."""

from trine.cli import main

raise SystemExit(main())
