"""promo-ops: a career-transition advisor between promotion and operation roles."""

__version__ = "0.1.0"
