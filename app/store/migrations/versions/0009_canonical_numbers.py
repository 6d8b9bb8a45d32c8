"""card numbers in their canonical form

Cards issued before one canonical number (issue 13 item 1) with a pattern, a
prefix holding '-' or a lowercase charset were stored as printed
('6GC-3011-4518', 'gc...') while every look-up canonicalises what is typed:
they could never be found again. This rewrites them, and the columns that
name cards by number, in the form app.cardnumbers.canonical() gives
(no spaces or dashes, upper case). A card whose canonical form another card
already has is left as it is (and logged) rather than merged.

Revision ID: 0009_canonical_numbers
Revises: 0008_shop_promo
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = '0009_canonical_numbers'
down_revision = '0008_shop_promo'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

# (table, key column, number column): the columns that name a card by number.
_REFERENCES = [
    ("sale_lines", "id", "card_number"),
    ("tenders", "id", "card_number"),
    ("sale_refunds", "id", "new_card_number"),
    ("saved_cards", "id", "card_number"),
    ("customer_gifts", "id", "card_number"),
    ("egift_outbox", "id", "card_number"),
]


def _canonical(number: str) -> str:
    # The rule of app.cardnumbers.canonical, written out: a migration must not
    # change when the application's code does.
    return "".join(number.split()).replace("-", "").upper()


def _stale(conn: sa.Connection, table: str, key: str, column: str) -> list[tuple[object, str]]:
    rows = conn.execute(sa.text(
        f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL AND "
        f"({column} LIKE '%-%' OR {column} LIKE '% %' OR {column} <> UPPER({column}))"))
    return [(r[0], str(r[1])) for r in rows]


def upgrade() -> None:
    conn = op.get_bind()
    inspector = sa.inspect(conn)
    tables = set(inspector.get_table_names())
    renamed: dict[str, str] = {}
    for card_id, number in _stale(conn, "cards", "id", "number"):
        new = _canonical(number)
        if not new or new == number:
            continue
        taken = conn.execute(sa.text("SELECT id FROM cards WHERE number = :n"),
                             {"n": new}).first()
        if taken is not None:
            log.warning("card %s: canonical number already used by card %s; left as it is",
                        card_id, taken[0])
            continue
        conn.execute(sa.text("UPDATE cards SET number = :n WHERE id = :id"),
                     {"n": new, "id": card_id})
        renamed[number] = new
    for table, key, column in _REFERENCES:
        if table not in tables:
            continue
        for row_key, number in _stale(conn, table, key, column):
            if number in renamed:
                conn.execute(sa.text(f"UPDATE {table} SET {column} = :n "
                                     f"WHERE {key} = :k"), {"n": renamed[number], "k": row_key})


def downgrade() -> None:
    # The printed forms are not kept; canonical numbers are found by every
    # version that canonicalises look-ups, so there is nothing to undo.
    pass
