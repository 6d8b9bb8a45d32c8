"""What a CLI command needs, built from its arguments: the store and services."""

from __future__ import annotations

import argparse
import os

from app.domain import Limits, OpContext
from app.ops.service import CardService
from app.store.database import Store, default_db_url, open_store


def db_url(args: argparse.Namespace) -> str:
    return getattr(args, "db", None) or os.environ.get("GIFTPOS_DB") or default_db_url()


def open_local(args: argparse.Namespace) -> Store:
    return open_store(db_url(args))


def limits_from_env() -> Limits:
    """Program limits; GIFTPOS_MAX_BALANCE (minor units) and GIFTPOS_HOLD_TTL_S
    override the defaults for scripts."""
    base = Limits()
    return Limits(
        max_balance=int(os.environ.get("GIFTPOS_MAX_BALANCE", base.max_balance)),
        hold_ttl_s=int(os.environ.get("GIFTPOS_HOLD_TTL_S", base.hold_ttl_s)),
    )


def card_service(args: argparse.Namespace) -> CardService:
    ctx = OpContext(
        terminal=os.environ.get("GIFTPOS_TERMINAL", "cli"),
        store=os.environ.get("GIFTPOS_STORE", "local"),
        cashier=getattr(args, "cashier", None) or os.environ.get("GIFTPOS_CASHIER"),
    )
    return CardService(open_local(args), limits=limits_from_env(), context=ctx)
