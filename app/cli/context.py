"""What a CLI command needs, built from its arguments: the store and services."""

from __future__ import annotations

import argparse
import os

from app.domain import OpContext
from app.limits import limits_from_env
from app.ops.service import CardService
from app.store.database import Store, default_db_url, open_store


def db_url(args: argparse.Namespace) -> str:
    return getattr(args, "db", None) or os.environ.get("GIFTPOS_DB") or default_db_url()


def open_local(args: argparse.Namespace) -> Store:
    return open_store(db_url(args))


def card_service(args: argparse.Namespace) -> CardService:
    ctx = OpContext(
        terminal=os.environ.get("GIFTPOS_TERMINAL", "cli"),
        store=os.environ.get("GIFTPOS_STORE", "local"),
        cashier=getattr(args, "cashier", None) or os.environ.get("GIFTPOS_CASHIER"),
    )
    return CardService(open_local(args), limits=limits_from_env(), context=ctx)
