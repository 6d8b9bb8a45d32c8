"""ledger: the cards each till has looked up (what its sync pull may send)

Revision ID: 0003b_ledger_seen
Revises: 0003_ledger
Written by hand to match app/ledger/schema.py (tests/integration/core/test_store.py).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003b_ledger_seen'
down_revision = '0003_ledger'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'ledger_seen_cards',
        sa.Column('principal_id', BigId, nullable=False),
        sa.Column('card_id', BigId, nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['principal_id'], ['ledger_principals.id'],
                                name=op.f('fk_ledger_seen_cards_principal_id_ledger_principals')),
        sa.ForeignKeyConstraint(['card_id'], ['cards.id'],
                                name=op.f('fk_ledger_seen_cards_card_id_cards')),
        sa.PrimaryKeyConstraint('principal_id', 'card_id', name=op.f('pk_ledger_seen_cards')),
    )


def downgrade() -> None:
    op.drop_table('ledger_seen_cards')
