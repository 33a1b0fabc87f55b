"""The lint rules, one module each, in the order they run.  Each has `CODES` and `check(ctx)`."""

from . import consistency, interpretation, missing_quote, no_example, shadowed_name, unused_parameter, unused_variable

ALL = (unused_parameter, shadowed_name, missing_quote, consistency, interpretation, unused_variable, no_example)
