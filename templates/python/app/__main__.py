"""`python3 -m app` runs the service."""

import sys

from .main import main

sys.exit(main())
