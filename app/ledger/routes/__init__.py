"""The ledger's HTTP routes, one router per resource. ``ROUTERS`` is what
create_app includes; each route declares its ``response_model`` so
/openapi.json describes every answer."""

from __future__ import annotations

from fastapi import APIRouter

from app.ledger.routes import (
    audit,
    balance_page,
    card_jobs,
    cardholder,
    cards,
    customers,
    entries,
    health,
    programs,
    promo,
    reports,
    sync,
)

ROUTERS: list[APIRouter] = [health.router, cards.router, entries.router, sync.router,
                            reports.router, customers.router,
                            balance_page.router,  # GET/POST /balance: customers' page
                            programs.router, cardholder.router,  # card-not-present spends
                            promo.router,  # promotional value given with a card
                            card_jobs.router,  # a printed range activated at once
                            audit.router]  # the tills' audit trails
