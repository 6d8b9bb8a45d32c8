"""shop: promotional value linked to a card

Revision ID: 0008_shop_promo
Revises: 0007_shop_codes
Written by hand to match app/shop/schema.py (tests/integration/shop/test_schema.py).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_shop_promo'
down_revision = '0007_shop_codes'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'shop_promo_links',
        sa.Column('promo_card_id', _ID, nullable=False),
        sa.Column('card_id', _ID, nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['promo_card_id'], ['cards.id'],
                                name=op.f('fk_shop_promo_links_promo_card_id_cards')),
        sa.ForeignKeyConstraint(['card_id'], ['cards.id'],
                                name=op.f('fk_shop_promo_links_card_id_cards')),
        sa.PrimaryKeyConstraint('promo_card_id', name=op.f('pk_shop_promo_links')),
    )
    op.create_index(op.f('ix_shop_promo_links_card_id'), 'shop_promo_links', ['card_id'])


def downgrade() -> None:
    op.drop_table('shop_promo_links')
