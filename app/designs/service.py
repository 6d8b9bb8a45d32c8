"""DesignService: card programs, cover templates, issuing a card from a
program and drawing a card. Receives its store and CardService; no globals."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from PIL import Image
from sqlalchemy.orm import Session

from app.cardnumbers import CodeConfig
from app.clock import Clock, utcnow
from app.designs import programs, templates
from app.designs.escpos import card_escpos
from app.designs.programs import Program
from app.designs.render import CardFace, render_card, to_pdf, to_png
from app.designs.templates import Template
from app.domain import CardView, Limits, OpContext, mask
from app.errors import NotFound, ValidationError
from app.ids import check_id
from app.money import MAX_AMOUNT_MINOR
from app.ops import lifecycle
from app.ops.journal import card_by_id, when
from app.ops.service import CardService
from app.shop import law
from app.shop import settings as shop_settings
from app.store.schema import Entry

log = logging.getLogger(__name__)

DEFAULT_TEMPLATE = "classic"
DEFAULT_TITLE = "Gift Card"


@dataclass(frozen=True, kw_only=True)
class IssueTerms:
    program: str
    currency: str
    amount: int
    expires_on: date | None


def terms(program: Program, *, amount: int | None, issued: date) -> IssueTerms:
    """What a card issued today from ``program`` holds and until when."""
    if not program.active:
        raise ValidationError(key="program_inactive", params={"program": program.code})
    value = program.default_amount if amount is None else amount
    if isinstance(value, bool) or not 0 <= value <= MAX_AMOUNT_MINOR:
        raise ValidationError("The amount must be zero or more.", key="invalid_amount")
    return IssueTerms(program=program.code, currency=program.currency, amount=value,
                      expires_on=program.expiry_for(issued))


def _replayed_expiry(session: Session, entry_id: str) -> tuple[bool, date | None]:
    """A retried issue keeps the expiry it was first given, whatever today is."""
    from sqlalchemy import select

    entry = session.scalars(select(Entry).where(Entry.id == entry_id)).first()
    if entry is None:
        return False, None
    return True, card_by_id(session, entry.card_id).expires_on


def issue_in_session(session: Session, *, program: str, amount: int | None = None,
                     inactive: bool = False, with_key: bool = False, count: int = 1,
                     entry_id: str, ctx: OpContext, limits: Limits,
                     clock: Clock) -> list[tuple[CardView, str | None]]:
    """Issue from a program inside a caller's transaction (the ledger API's)."""
    prog = programs.get_program(session, program)
    seen, expiry = _replayed_expiry(session, entry_id)
    if not seen:  # the issuing store's expiry law (app/shop/law.py), on the ledger too
        law.check_program(session, program=program, store=ctx.store,
                          today=when(ctx, clock)[1])
    t = terms(prog, amount=amount, issued=when(ctx, clock)[1])
    return lifecycle.issue(session, count=count, amount=t.amount, currency=t.currency,
                           inactive=inactive, expires_on=expiry if seen else t.expires_on,
                           with_key=with_key, program=t.program, entry_id=entry_id, ctx=ctx,
                           limits=limits, clock=clock)


class ProgramIssuer(Protocol):
    """What a till's gateway (app.gateway.CardGateway) gives the designs: the
    programs, and a card issued from one where the truth is."""

    def programs(self) -> list[Program]: ...

    def issue(self, *, amount: int | None, currency: str, program: str | None = None,
              inactive: bool = False, entry_id: str,
              ctx: OpContext) -> list[tuple[CardView, str | None]]: ...


class DesignService:
    def __init__(self, store: Any, cards: CardService, *, clock: Clock = utcnow,
                 gateway: ProgramIssuer | None = None) -> None:
        """``gateway``: a ledger-backed till's, so programs are the ledger's and
        cards issued from them are made on the ledger; None: this store's."""
        self.store = store
        self.cards = cards
        self.clock = clock
        self.gateway = gateway

    # -- programs ---------------------------------------------------------------
    def programs(self, *, include_inactive: bool = False) -> list[Program]:
        if self.gateway is not None and not include_inactive:
            return self.gateway.programs()
        with self.store.read() as s:
            return programs.list_programs(s, include_inactive=include_inactive)

    def program(self, code: str) -> Program:
        with self.store.read() as s:
            return programs.get_program(s, code)

    def add_program(self, *, code: str, title: str, currency: str = "USD",
                    default_amount: int = 0, template: str = DEFAULT_TEMPLATE,
                    expiry_months: int | None = None,
                    expires_on: date | None = None) -> Program:
        with self.store.transaction() as s:
            templates.get_template(s, template)  # refuse a cover that does not exist
            law.check_expiry(law.law_of(s, self.cards.context.store), expires_on=expires_on,
                             expiry_months=expiry_months, issued=self.clock().date())
            return programs.add_program(s, code=code, title=title, currency=currency,
                                        default_amount=default_amount, template=template,
                                        expiry_months=expiry_months, expires_on=expires_on,
                                        now=self.clock())

    # -- templates ------------------------------------------------------------------
    def templates(self) -> list[Template]:
        with self.store.read() as s:
            return templates.list_templates(s)

    def template(self, template_id: str) -> Template:
        with self.store.read() as s:
            return templates.get_template(s, template_id)

    def add_template(self, *, template_id: str, name: str, image: bytes,
                     layout: dict[str, Any]) -> Template:
        with self.store.transaction() as s:
            return templates.add_template(s, template_id=template_id, name=name, image=image,
                                          layout=layout, now=self.clock())

    # -- issuing --------------------------------------------------------------------
    def issue(self, *, program: str, amount: int | None = None, count: int = 1,
              inactive: bool = False, with_key: bool = False,
              config: CodeConfig | None = None, entry_id: str | None = None,
              ctx: OpContext | None = None) -> list[tuple[CardView, str | None]]:
        """Cards of the program's currency, default amount (unless given) and
        expiry, through CardService.issue."""
        eid = check_id(entry_id)
        c = ctx or self.cards.context
        if self.gateway is not None and count == 1 and not with_key and config is None:
            made = self.gateway.issue(amount=amount, currency="", program=program,
                                      inactive=inactive, entry_id=eid, ctx=c)
            log.info("issued a card from program %s through the gateway", program)
            return made
        with self.store.read() as s:
            prog = programs.get_program(s, program)
            seen, expiry = _replayed_expiry(s, eid)
            if not seen:  # the store's expiry law (app/shop/law.py)
                law.check_program(s, program=program, store=c.store,
                                  today=when(c, self.cards.clock)[1])
        t = terms(prog, amount=amount, issued=when(c, self.cards.clock)[1])
        made = self.cards.issue(count=count, amount=t.amount, currency=t.currency,
                                config=config, inactive=inactive,
                                expires_on=expiry if seen else t.expires_on,
                                with_key=with_key, program=t.program, entry_id=eid, ctx=c)
        log.info("issued %d card(s) from program %s", len(made), t.program)
        return made

    # -- drawing ---------------------------------------------------------------------
    def face(self, *, number: str, program: str | None = None, amount: int | None = None,
             full_number: bool = False, locale: str = "en_US") -> tuple[CardFace, Template]:
        """What to print for a card: the program's title and cover (the card's
        own program unless another is named), and the card's balance unless an
        amount is given (an unsold card shows its program's default amount)."""
        card = self.cards.balance(number=number)
        with self.store.read() as s:
            prog = programs.get_program(s, program) if program else self._own_program(s, card)
            template = templates.get_template(s, prog.template if prog else DEFAULT_TEMPLATE)
        shown = amount if amount is not None else (
            card.balance if card.balance > 0 or prog is None else prog.default_amount)
        face = CardFace(number=card.number, title=prog.title if prog else DEFAULT_TITLE,
                        amount=shown, currency=card.currency, expires_on=card.expires_on,
                        full_number=full_number, locale=locale)
        return face, template

    @staticmethod
    def _own_program(s: Session, card: CardView) -> Program | None:
        """The card's own program, or None (the default design) when this till
        does not know it: a card issued from a program made elsewhere, or one
        since removed, still gets a face."""
        if not card.program:
            return None
        try:
            return programs.get_program(s, card.program)
        except NotFound:
            log.info("card %s: program %r not known here; default design",
                     mask(card.number), card.program)
            return None

    def render(self, **kw: Any) -> Image.Image:
        face, template = self.face(**kw)
        return render_card(face, template)

    def png(self, **kw: Any) -> bytes:
        return to_png(self.render(**kw))

    def pdf(self, **kw: Any) -> bytes:
        """The card's front; with a balance page set (shop settings), a second
        page, the back: its QR code, address and the store's terms."""
        front = self.render(**kw)
        back = self.back(front.size, number=kw.get("number", ""))
        if back is None:
            return to_pdf(front)
        from app.shop.card_back import pdf_with_back

        return pdf_with_back(front, back)

    def back(self, size: tuple[int, int], *, number: str) -> Image.Image | None:
        card = self.cards.balance(number=number) if number else None
        with self.store.read() as s:
            cfg = shop_settings.load(s)
            if not cfg.balance_page_url:
                return None
            terms = law.receipt_terms(s, store=self.cards.context.store,
                                      expires_on=card.expires_on if card else None,
                                      currency=card.currency if card else "USD")
        from app.shop.card_back import render_back

        return render_back(size, url=cfg.balance_page_url,
                           terms=[t for t in terms if not t.startswith("Balance: ")])

    def escpos(self, *, image: bool = False, **kw: Any) -> bytes:
        face, template = self.face(**kw)
        with self.store.read() as s:  # the balance page's QR (app/shop/settings.py)
            url = shop_settings.load(s).balance_page_url
        return card_escpos(face, image=render_card(face, template) if image else None,
                           balance_url=url)
