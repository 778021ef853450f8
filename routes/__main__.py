import sys

from routes.cli import main

sys.exit(main())
