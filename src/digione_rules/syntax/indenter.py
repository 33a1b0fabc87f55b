"""The post-lexer that turns newlines into _INDENT/_DEDENT tokens and keeps the comments for `fmt`."""

from __future__ import annotations

import re
from ._generated import Indenter, Token
from .parsed import Comment

_COMMENT = re.compile(r"#[^\n]*")


class IndentationError_(Exception):
    def __init__(self, token: Token, message: str, help: str = ""):
        super().__init__(message)
        self.token = token
        self.message = message
        self.help = help


class RuleIndenter(Indenter):
    NL_type = "_NL"
    OPEN_PAREN_types = ["LPAR", "LSQB"]
    CLOSE_PAREN_types = ["RPAR", "RSQB"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 4

    def __init__(self) -> None:
        super().__init__()
        self.comments: list[Comment] = []

    def _record_comments(self, token: Token) -> None:
        for m in _COMMENT.finditer(token.value):
            before = token.value[: m.start()]
            newlines = before.count("\n")
            if newlines == 0:
                line, column = token.line, token.column + m.start()
            else:
                line = token.line + newlines
                column = m.start() - before.rfind("\n")
            self.comments.append(Comment(line, column, m.group().rstrip(), newlines == 0 and token.column > 1))

    def handle_NL(self, token: Token):
        self._record_comments(token)
        if self.paren_level > 0:
            return
        yield token
        indent_str = token.value.rsplit("\n", 1)[1]
        indent = indent_str.count(" ") + indent_str.count("\t") * self.tab_len
        if indent > self.indent_level[-1]:
            self.indent_level.append(indent)
            yield Token.new_borrow_pos(self.INDENT_type, indent_str, token)
        else:
            open_levels = list(self.indent_level)
            while indent < self.indent_level[-1]:
                self.indent_level.pop()
                yield Token.new_borrow_pos(self.DEDENT_type, indent_str, token)
            if indent != self.indent_level[-1]:
                levels = " or ".join(map(str, open_levels))
                raise IndentationError_(
                    token,
                    f"this line is indented by {indent} spaces, which matches no open block",
                    help=f"indent it by {levels} spaces, like the lines of the block it belongs to",
                )

    def _process(self, stream):
        token = None
        opened: list[Token] = []
        for token in stream:
            if token.type in self.OPEN_PAREN_types:
                self.paren_level += 1
                opened.append(token)
            elif token.type in self.CLOSE_PAREN_types:
                self.paren_level -= 1
                if self.paren_level < 0:
                    raise IndentationError_(token, f"`{token.value}` closes a bracket that was never opened",
                                            help="remove it, or open the bracket where the group starts")
                opened.pop()
            if token.type == self.NL_type:
                yield from self.handle_NL(token)
            else:
                yield token
        if opened:
            raise IndentationError_(opened[-1], f"`{opened[-1].value}` is never closed",
                                   help="close it before the end of the file")
        while len(self.indent_level) > 1:
            self.indent_level.pop()
            yield Token.new_borrow_pos(self.DEDENT_type, "", token) if token else Token(self.DEDENT_type, "")

    def process(self, stream):
        self.paren_level = 0
        self.indent_level = [0]
        self.comments = []
        return self._process(stream)
