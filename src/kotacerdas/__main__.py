import sys

from kotacerdas.cli import main

sys.exit(main())
