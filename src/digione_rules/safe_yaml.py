"""YAML read safely and within bounds, for facts documents, mapping files and waivers files.

Safely: PyYAML's `SafeLoader` only, so a document is plain data (mappings, lists, strings, numbers,
booleans, dates); a tag that would build an object or run code (`!!python/object/apply:os.system`) is
an error.  Within bounds: `safe_load` still expands aliases, so nine lines of anchors (`&a [x, x, …]`,
`&b [*a, *a, …]`, …, the "billion laughs") stand for a billion values, which anything that walks the
value (an error message quoting it, a validator, a digest) would spell out.  Here the composed document
is measured first, each anchored node once, and refused when it would expand to more than MAX_VALUES
values, refers to itself, or nests deeper than the parser can follow.  Nothing is constructed before that.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_VALUES = 10_000_000  # scalars, lists and mappings a document may stand for, aliases expanded


class YamlError(ValueError):
    """A document that cannot be read: what is wrong, and where (1-based)."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def compose(text: str) -> yaml.Node | None:
    """The document's node graph (None for an empty document), measured; raises YamlError."""
    loader = None
    try:
        loader = yaml.SafeLoader(text)  # its reader refuses some characters (NUL) at once
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise YamlError(str(e.problem or e.context or "cannot be read"), mark.line + 1 if mark else 1,
                        mark.column + 1 if mark else 1) from None
    except yaml.YAMLError as e:
        raise YamlError(_first_line(e)) from None
    except RecursionError:
        raise YamlError("values are nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is not None:
        check_expansion(node)
    return node


def construct(node: yaml.Node, loader: yaml.SafeLoader | None = None) -> Any:
    """The plain value of a measured node; raises YamlError (a date that is not in the calendar, a number
    of more digits than Python converts)."""
    loader = loader or yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise YamlError(str(e.problem or e.context or "cannot be read"), mark.line + 1 if mark else 1,
                        mark.column + 1 if mark else 1) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as e:
        mark = _culprit(node).start_mark
        raise YamlError(_first_line(e), mark.line + 1, mark.column + 1) from None
    except RecursionError:
        raise YamlError("values are nested too deeply") from None


def _culprit(root: yaml.Node) -> yaml.Node:
    """The first value, in the document's order, that cannot be constructed by itself (`date: 2024-02-30`):
    where a failed construction of the whole document is reported; the document when none is found."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                return node
        stack.extend(reversed(_children(node)))
    return root


def load(text: str) -> Any:
    """As `yaml.safe_load`, within the bounds; raises YamlError."""
    node = compose(text)
    return None if node is None else construct(node)


def check_expansion(root: yaml.Node) -> None:
    """Raise YamlError when the node graph, aliases expanded, holds more than MAX_VALUES values or a
    cycle.  Each node is counted once (a memo by identity), so measuring is linear in the text."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            children = _children(node)
            total = 1 + sum(sizes[id(c)] for c in children)
            sizes[key] = total
            if total > MAX_VALUES:
                mark = node.start_mark
                raise YamlError(f"aliases expand the document to more than {MAX_VALUES:,} values".replace(",", " "),
                                mark.line + 1, mark.column + 1)
            continue
        if key in sizes:
            continue
        if key in open_:
            mark = node.start_mark
            raise YamlError("an alias refers to a value that contains it", mark.line + 1, mark.column + 1)
        open_.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_:
                mark = child.start_mark
                raise YamlError("an alias refers to a value that contains it", mark.line + 1, mark.column + 1)
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _first_line(e: Exception) -> str:
    """The reason in the tool's words: its first line, without Python's advice after a `;`, lowercase."""
    text = str(e).splitlines()[0].split("; use ")[0] if str(e) else type(e).__name__
    return text[:1].lower() + text[1:]
