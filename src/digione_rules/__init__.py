"""digione-rules: the DigiOne cooperation agreement (as amended in 2023) as code, and a checker of
recorded facts against it.

The pipeline: `book.load_rule_book` (files and includes) → `syntax` (parse to AST) → `check` (names,
types, units) → `facts` (load exports) → `evaluate` (rules over facts) → `report` (render).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
