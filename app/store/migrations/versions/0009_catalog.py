"""the item list (catalog_items) and a quantity on sale lines

Revision ID: 0009_catalog
Revises: 0002_checkout
Written by hand to match app/catalog/schema.py and app/checkout/schema.py.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009_catalog'
down_revision = '0002_checkout'
branch_labels = ('catalog',)
depends_on = None


def upgrade() -> None:
    op.create_table(
        'catalog_items',
        sa.Column('code', sa.String(64), nullable=False),
        sa.Column('description', sa.String(200), nullable=False),
        sa.Column('price', sa.BigInteger(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_catalog_items')),
    )
    with op.batch_alter_table('sale_lines') as batch:
        batch.add_column(sa.Column('quantity', sa.Integer(), nullable=False,
                                   server_default='1'))


def downgrade() -> None:
    with op.batch_alter_table('sale_lines') as batch:
        batch.drop_column('quantity')
    op.drop_table('catalog_items')
