"""Syntax: rule-file text in, a typed AST (ast.py) and comments out, or syntax diagnostics (S1xx).

grammar.lark is the grammar; _generated.py the LALR parser Lark's standalone tool builds from it
(`python -m digione_rules.syntax.generate`); parser.py runs it with the Indenter; build.py turns the
parse tree into AST nodes; hints.py names common slips.
"""
