import sys

from promo_ops.cli import main

sys.exit(main())
