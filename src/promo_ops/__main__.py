import sys

from promo_ops.entry import main

sys.exit(main())
