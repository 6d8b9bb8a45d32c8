"""shop: cards' security codes

Revision ID: 0007_shop_codes
Revises: 0006_shop
Written by hand to match app/shop/schema.py (tests/integration/shop/test_schema.py).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_shop_codes'
down_revision = '0006_shop'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'shop_card_codes',
        sa.Column('card_id', _ID, nullable=False),
        sa.Column('code_hash', sa.String(64), nullable=False),
        sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['card_id'], ['cards.id'],
                                name=op.f('fk_shop_card_codes_card_id_cards')),
        sa.PrimaryKeyConstraint('card_id', name=op.f('pk_shop_card_codes')),
    )


def downgrade() -> None:
    op.drop_table('shop_card_codes')
