import sys

from promo_ops.entry import run

sys.exit(run())
