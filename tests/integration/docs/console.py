"""Console examples in the docs, run as written (tests/integration/docs).

An example is a fenced block with lines starting ``$ `` (a command; a
trailing backslash continues it on the next line); the lines after it, up to
the next command, are what it prints. A doc's examples run in order, in a
fresh shell environment of their own (an empty store, home and working
folder), so a doc must make whatever it uses: a card is issued before it is
spent.

Output is compared line by line, "ids aside": card numbers, keys, UUIDs and
short sale ids may differ from the doc's, but consistently (the doc's number
printed by one command is the number the next command is given: the test
substitutes the real one, as a reader copies what they were shown); dates,
times are not compared. The last four digits after a mask (``•••• 2341``)
follow the card's number. In the doc,
``...`` inside a line stands for any text and a line of ``...`` for any
number of lines. Spaces are compared as "some space"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

PROMPT = "$ "
FENCE = re.compile(r"^\s*```")

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# Order matters: the first alternative that matches a doc token wins.
ID_TOKENS = re.compile(
    rf"(?P<uuid>\b{UUID}\b)"
    r"|(?P<masked>(?<=•••• )\d{4}\b|(?<=ending )\d{4}\b)"
    r"|(?P<date>\b\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b)"
    r"|(?P<time>\b\d{2}:\d{2}(?::\d{2})?\b)"
    r"|(?P<digits>\b\d{8,19}\b)"
    r"|(?P<hex8>\b(?=[0-9]*[a-f])[0-9a-f]{8}\b)")
ACTUAL = {"uuid": UUID, "masked": r"\d{4}", "date": r"\d{4}-\d{2}-\d{2}[0-9T:.+Z -]*?",
          "time": r"\d{2}:\d{2}(?::\d{2})?", "digits": r"\d{6,19}", "hex8": r"[0-9a-f]{8}"}
MAPPED = ("uuid", "digits", "hex8", "masked")


@dataclass
class Example:
    doc: Path
    line: int  # 1-based, of the command
    command: str
    expected: list[str] = field(default_factory=list)


def examples(doc: Path) -> list[Example]:
    out: list[Example] = []
    inside = False
    pending: str | None = None
    for number, raw in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(raw):
            inside = not inside
            pending = None
            continue
        if not inside:
            continue
        line = raw.rstrip()
        if pending is not None:  # a continued command
            out[-1].command = pending + "\n" + line
            pending = out[-1].command if line.endswith("\\") else None
            continue
        if line.startswith(PROMPT):
            out.append(Example(doc, number, line[len(PROMPT):]))
            pending = out[-1].command if line.endswith("\\") else None
        elif out and inside and _in_block_of(out[-1], number, doc):
            out[-1].expected.append(line)
    return out


def _in_block_of(example: Example, number: int, doc: Path) -> bool:
    """Whether line ``number`` is in the same fenced block as ``example``."""
    lines = doc.read_text(encoding="utf-8").splitlines()[example.line:number - 1]
    return not any(FENCE.match(x) for x in lines)


def has_examples(doc: Path) -> bool:
    return bool(examples(doc))


class Mismatch(AssertionError):
    pass


def _line_regex(expected: str, mapping: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """A regex for one expected line; the doc tokens its groups capture."""
    parts: list[str] = []
    tokens: list[tuple[str, str]] = []
    pos = 0
    for m in ID_TOKENS.finditer(expected):
        parts.append(_literal(expected[pos:m.start()]))
        kind = m.lastgroup or ""
        token = m.group()
        if kind in MAPPED and token in mapping:
            parts.append(re.escape(mapping[token]))
        elif kind in MAPPED:
            parts.append(f"({ACTUAL[kind]})")
            tokens.append((kind, token))
        else:
            parts.append(f"(?:{ACTUAL[kind]})")
        pos = m.end()
    parts.append(_literal(expected[pos:]))
    return "".join(parts), tokens


def _literal(text: str) -> str:
    pieces = text.split("...")
    return ".*?".join(re.sub(r"(?:\\ | )+", r"\\s+", re.escape(p)) for p in pieces)


def compare(expected: list[str], actual: str, mapping: dict[str, str]) -> None:
    """Match the output against the doc's; learn the ids it shows. Raises
    Mismatch with both texts when they differ."""
    got = [line.rstrip() for line in actual.rstrip("\n").splitlines()]
    want = [line.rstrip() for line in expected]
    while want and not want[-1]:
        want.pop()
    learned: dict[str, str] = {}
    if not _match(want, got, {**mapping}, learned):
        raise Mismatch("the output differs from the doc's.\n--- doc:\n" + "\n".join(want)
                       + "\n--- real:\n" + "\n".join(got))
    mapping.update(learned)


def _match(want: list[str], got: list[str], mapping: dict[str, str],
           learned: dict[str, str]) -> bool:
    if not want:
        return not got
    head = want[0]
    if head.strip() == "...":
        return any(_match(want[1:], got[i:], mapping, learned) for i in range(len(got) + 1))
    if not got:
        return False
    pattern, tokens = _line_regex(head.strip(), mapping)
    m = re.fullmatch(pattern, got[0].strip())
    if m is None:
        return False
    new = {**mapping}
    found: dict[str, str] = {}
    for (kind, token), value in zip(tokens, m.groups(), strict=True):
        if new.get(token, value) != value:
            return False
        new[token] = value
        found[token] = value
        # A sale id's short form is its first 8 characters; a card's masked
        # form, its last four digits (a command may name a card by them).
        short = {"uuid": (token[:8], value[:8]),
                 "digits": (token[-4:], value[-4:])}.get(kind)
        if short is not None and len(token) >= 12:
            new.setdefault(*short)
            found.setdefault(*short)
    if _match(want[1:], got[1:], new, learned):
        learned.update(found)
        return True
    return False


def substitute(command: str, mapping: dict[str, str]) -> str:
    """The command with the doc's ids replaced by the real ones."""
    for token in sorted(mapping, key=len, reverse=True):
        command = re.sub(rf"(?<![0-9A-Za-z]){re.escape(token)}(?![0-9A-Za-z])",
                         mapping[token], command)
    return command
