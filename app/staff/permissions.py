"""Who may do what, as data and pure functions.

Three kinds of action: what anyone signed in may do (sell, check a balance,
look a card up), what a cashier may do once a manager approves it on the
spot (refunds, voids, adjustments, going over a limit, freezing a card), and
what only a manager may do (the rest of the console)."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"


class Need(enum.StrEnum):
    ANYONE = "anyone"
    APPROVAL = "approval"  # a cashier may, with a manager's PIN
    MANAGER = "manager"  # a manager must be signed in


# action -> (what it needs, how a person reads it)
ACTIONS: dict[str, tuple[Need, str]] = {
    "sign_in": (Need.ANYONE, "sign in"),
    "sign_out": (Need.ANYONE, "sign out"),
    "lookup": (Need.ANYONE, "look up a card"),
    "refund": (Need.APPROVAL, "give a refund"),
    "void": (Need.APPROVAL, "void a sale"),
    "adjust": (Need.APPROVAL, "adjust a balance"),
    "over_limit": (Need.APPROVAL, "go over a limit"),
    "freeze": (Need.APPROVAL, "freeze a card"),
    "unfreeze": (Need.MANAGER, "unfreeze a card"),
    "cancel": (Need.MANAGER, "cancel a card"),
    "transfer": (Need.MANAGER, "move a balance to a new card"),
    "bulk_activate": (Need.APPROVAL, "activate a range of printed cards"),
    "replace_card": (Need.APPROVAL, "replace a lost or damaged card"),
    "cashout": (Need.APPROVAL, "pay a gift card balance out in cash"),
    "combine": (Need.MANAGER, "combine cards"),
    "reactivate": (Need.MANAGER, "re-activate an expired card"),
    "close_day": (Need.MANAGER, "close the business day"),
    "print_report": (Need.MANAGER, "print a report"),
    "export": (Need.MANAGER, "export a report"),
    "settings": (Need.MANAGER, "change the settings"),
    "staff": (Need.MANAGER, "manage staff"),
    "audit": (Need.MANAGER, "read the audit trail"),
    "reports": (Need.MANAGER, "read the reports"),
}


def need(action: str) -> Need:
    """What ``action`` needs; unknown actions need a manager (fail closed)."""
    return ACTIONS.get(action, (Need.MANAGER, action))[0]


def describe(action: str) -> str:
    return ACTIONS.get(action, (Need.MANAGER, action.replace("_", " ")))[1]


def allowed_alone(role: Role | str, action: str) -> bool:
    """May ``role`` do ``action`` without anyone else's PIN?"""
    n = need(action)
    return n == Need.ANYONE or Role(role) == Role.MANAGER


def approvable(action: str) -> bool:
    """May a manager's PIN let a cashier do ``action``?"""
    return need(action) in (Need.ANYONE, Need.APPROVAL)
