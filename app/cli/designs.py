"""`giftpos program ...` (card programs, cover templates, issuing from a
program) and `giftpos card print` (a card as PNG, PDF or ESC/POS bytes)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.context import card_service
from app.cli.output import emit, json_flag, locale_of, money
from app.designs.programs import Program
from app.designs.service import DEFAULT_TEMPLATE, DesignService
from app.domain import mask
from app.errors import ValidationError
from app.money import parse_amount


def _service(args: argparse.Namespace) -> DesignService:
    cards = card_service(args)
    return DesignService(cards.store, cards)


def _program_line(args: argparse.Namespace, p: Program) -> str:
    return (f"{p.code:<16} {p.title:<28} {p.currency} "
            f"{money(args, p.default_amount, p.currency):>10}  {p.expiry_rule():<22} "
            f"cover {p.template}")


def _list(args: argparse.Namespace) -> int:
    progs = _service(args).programs(include_inactive=args.all)
    return emit(args, {"programs": [p.to_dict() for p in progs]},
                lambda: [_program_line(args, p) for p in progs] or ["No card programs yet."])


def _templates(args: argparse.Namespace) -> int:
    ts = _service(args).templates()
    return emit(args, {"templates": [t.to_dict() for t in ts]},
                lambda: [f"{t.id:<16} {t.name:<28} ({t.source})" for t in ts])


def _add(args: argparse.Namespace) -> int:
    svc = _service(args)
    amount = parse_amount(args.amount, args.currency, locale_of(args)) if args.amount else 0
    until = None
    if args.until:
        try:
            until = date.fromisoformat(args.until)
        except ValueError as exc:
            raise ValidationError("--until is a date YYYY-MM-DD.", key="invalid_date") from exc
    p = svc.add_program(code=args.code, title=args.title, currency=args.currency,
                        default_amount=amount, template=args.template,
                        expiry_months=args.months, expires_on=until)
    return emit(args, {"program": p.to_dict()}, lambda: [_program_line(args, p)])


def _add_template(args: argparse.Namespace) -> int:
    svc = _service(args)
    try:
        image = Path(args.image).read_bytes()
        layout = json.loads(Path(args.layout).read_text(encoding="utf-8")) if args.layout else {}
    except (OSError, ValueError) as exc:
        raise ValidationError(f"Could not read the template files: {exc}",
                              key="invalid_template") from exc
    t = svc.add_template(template_id=args.template_id, name=args.name or args.template_id,
                         image=image, layout=layout)
    return emit(args, {"template": t.to_dict()}, lambda: [f"Added cover {t.id} ({t.name})"])


def _numbered(path: str, i: int, count: int) -> Path:
    p = Path(path)
    return p if count == 1 else p.with_name(f"{p.stem}-{i + 1}{p.suffix}")


def _issue(args: argparse.Namespace) -> int:
    """Numbers are answered masked: a new card's number reaches people printed
    on the card (--png/--pdf with --full-number), or with --show-numbers for a
    card-printing bureau's file."""
    svc = _service(args)
    prog = svc.program(args.code)
    amount = parse_amount(args.amount, prog.currency, locale_of(args)) if args.amount else None
    made = svc.issue(program=prog.code, amount=amount, count=args.count,
                     inactive=args.inactive, with_key=args.with_key, entry_id=args.id)
    payload: dict[str, Any] = {"program": prog.code, "cards": []}
    for i, (view, key) in enumerate(made):
        d = view.to_dict(full_number=args.show_numbers)
        if key is not None:
            d["key"] = key
        kw = {"number": view.number, "full_number": args.full_number,
              "locale": locale_of(args)}
        if args.png:
            target = _numbered(args.png, i, len(made))
            target.write_bytes(svc.png(**kw))
            d["png"] = str(target)
        if args.pdf:
            target = _numbered(args.pdf, i, len(made))
            target.write_bytes(svc.pdf(**kw))
            d["pdf"] = str(target)
        payload["cards"].append(d)

    def text() -> list[str]:
        lines = [f"Issued {len(made)} card(s) from {prog.title}:"]
        for (view, key), d in zip(made, payload["cards"], strict=True):
            lines.append(f"  {d['number']}  {view.status}  "
                         f"{money(args, view.balance, view.currency)}"
                         + (f"  valid through {view.expires_on}" if view.expires_on else "")
                         + (f"  key {key}" if key else "")
                         + "".join(f"  {d[k]}" for k in ("png", "pdf") if k in d))
        return lines
    return emit(args, payload, text)


def _print(args: argparse.Namespace) -> int:
    if not (args.png or args.pdf or args.escpos):
        raise ValidationError("Say where to print: --png FILE, --pdf FILE and/or --escpos "
                              "FILE.", key="invalid_request")
    svc = _service(args)
    card = svc.cards.balance(number=args.number)
    amount = (parse_amount(args.amount, card.currency, locale_of(args))
              if args.amount else None)
    kw: dict[str, Any] = {"number": card.number, "program": args.program, "amount": amount,
                          "full_number": args.full_number, "locale": locale_of(args)}
    face, template = svc.face(**kw)
    out: dict[str, Any] = {"card": mask(card.number), "program": args.program or card.program,
                           "template": template.id, "amount": face.amount,
                           "currency": face.currency, "full_number": args.full_number}
    if args.png:
        Path(args.png).write_bytes(svc.png(**kw))
        out["png"] = args.png
    if args.pdf:
        Path(args.pdf).write_bytes(svc.pdf(**kw))
        out["pdf"] = args.pdf
    if args.escpos:
        Path(args.escpos).write_bytes(svc.escpos(image=args.escpos_image, **kw))
        out["escpos"] = args.escpos
    return emit(args, out, lambda: [f"Card {out['card']} ({template.id}): wrote "
                                    + ", ".join(out[k] for k in ("png", "pdf", "escpos")
                                                if k in out)])


def _card_verbs(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """The `card` command's verbs (app.cli.cards registers it first); `print`
    is added to them so a card is printed where cards are handled."""
    card = sub.choices.get("card")
    if card is None:
        card = sub.add_parser("card", help="issue, look up and operate on cards")
        return card.add_subparsers(dest="verb", required=True, metavar="VERB")
    for action in card._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("the card command has no verbs")  # pragma: no cover


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("program", help="card programs and cover templates; issue from one")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")
    v = verbs.add_parser("list", help="card programs")
    json_flag(v)
    v.add_argument("--all", action="store_true", help="closed programs too")
    v.set_defaults(func=_list)
    v = verbs.add_parser("templates", help="cover templates (built-in and added)")
    json_flag(v)
    v.set_defaults(func=_templates)
    v = verbs.add_parser("add", help="add a card program")
    json_flag(v)
    v.add_argument("code", help="short code, e.g. holiday-2026 (stored on each card)")
    v.add_argument("--title", required=True, help="printed on the card")
    v.add_argument("--currency", default="USD")
    v.add_argument("--amount", help="default amount, e.g. 25.00")
    v.add_argument("--months", type=int, help="valid this many months from issue")
    v.add_argument("--until", help="or valid until this day (YYYY-MM-DD)")
    v.add_argument("--template", default=DEFAULT_TEMPLATE, help="cover template id")
    v.set_defaults(func=_add)
    v = verbs.add_parser("add-template", help="add a cover template (PNG + JSON layout)")
    json_flag(v)
    v.add_argument("template_id")
    v.add_argument("--image", required=True, help="cover image (PNG, 1012x638 is best)")
    v.add_argument("--layout", help="layout JSON (see resources/designs/*.json)")
    v.add_argument("--name")
    v.set_defaults(func=_add_template)
    v = verbs.add_parser("issue", help="issue cards from a program")
    json_flag(v)
    v.add_argument("code")
    v.add_argument("--amount", help="instead of the program's default amount")
    v.add_argument("--count", type=int, default=1)
    v.add_argument("--inactive", action="store_true", help="printed stock, activated at sale")
    v.add_argument("--with-key", action="store_true", help="give each card a secret key")
    v.add_argument("--id", help="operation id (UUID); the same id twice issues nothing new")
    v.add_argument("--png", help="print each card to this PNG (several: NAME-1.png...)")
    v.add_argument("--pdf", help="print each card to this PDF (several: NAME-1.pdf...)")
    v.add_argument("--full-number", action="store_true",
                   help="print the full number on the card images")
    v.add_argument("--show-numbers", action="store_true",
                   help="answer full numbers (for a card printer's file); masked otherwise")
    v.set_defaults(func=_issue)

    pr = _card_verbs(sub).add_parser("print", help="print a card: PNG, PDF, receipt printer")
    json_flag(pr)
    pr.add_argument("number")
    pr.add_argument("--program", help="design of this program (default: the card's own)")
    pr.add_argument("--amount", help="amount printed (default: balance or program amount)")
    pr.add_argument("--png", help="write a PNG here")
    pr.add_argument("--pdf", help="write a PDF here")
    pr.add_argument("--escpos", help="write receipt-printer (ESC/POS) bytes here")
    pr.add_argument("--escpos-image", action="store_true",
                    help="print the card picture rather than text and a barcode")
    pr.add_argument("--full-number", action="store_true",
                    help="print the full number (the barcode always carries it)")
    pr.set_defaults(func=_print)
