"""checkout tables: sales, sale_lines, tenders, sale_refunds, day_closes

Revision ID: 0002_checkout
Revises: 0001
Written by hand to match app/checkout/schema.py (tests compare the two).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_checkout'
down_revision = '0001'
branch_labels = ('checkout',)
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'sales',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('terminal', sa.String(length=64), nullable=False),
        sa.Column('store', sa.String(length=64), nullable=False),
        sa.Column('cashier', sa.String(length=64), nullable=True),
        sa.Column('business_date', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sales')),
        sa.UniqueConstraint('seq', name=op.f('uq_sales_seq')),
    )
    op.create_index(op.f('ix_sales_status'), 'sales', ['status'])
    op.create_index(op.f('ix_sales_business_date'), 'sales', ['business_date'])

    op.create_table(
        'sale_lines',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('sale_id', sa.String(length=36), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('description', sa.String(length=200), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('card_number', sa.String(length=32), nullable=True),
        sa.Column('removed', sa.Boolean(), nullable=False),
        sa.Column('refunded', sa.BigInteger(), nullable=False),
        sa.Column('entry_id', sa.String(length=36), nullable=True),
        sa.Column('done', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['sale_id'], ['sales.id'],
                                name=op.f('fk_sale_lines_sale_id_sales')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sale_lines')),
    )
    op.create_index(op.f('ix_sale_lines_sale_id'), 'sale_lines', ['sale_id'])

    op.create_table(
        'tenders',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('sale_id', sa.String(length=36), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('requested', sa.BigInteger(), nullable=True),
        sa.Column('card_number', sa.String(length=32), nullable=True),
        sa.Column('previous_balance', sa.BigInteger(), nullable=True),
        sa.Column('new_balance', sa.BigInteger(), nullable=True),
        sa.Column('hold_id', sa.String(length=36), nullable=True),
        sa.Column('capture_id', sa.String(length=36), nullable=True),
        sa.Column('reference', sa.String(length=100), nullable=True),
        sa.Column('method', sa.String(length=40), nullable=True),
        sa.Column('offline', sa.Boolean(), nullable=False),
        sa.Column('removed', sa.Boolean(), nullable=False),
        sa.Column('refunded', sa.BigInteger(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['sale_id'], ['sales.id'],
                                name=op.f('fk_tenders_sale_id_sales')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tenders')),
    )
    op.create_index(op.f('ix_tenders_sale_id'), 'tenders', ['sale_id'])
    op.create_index(op.f('ix_tenders_hold_id'), 'tenders', ['hold_id'])

    op.create_table(
        'sale_refunds',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('sale_id', sa.String(length=36), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('business_date', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('total', sa.BigInteger(), nullable=False),
        sa.Column('to_new_card', sa.Boolean(), nullable=False),
        sa.Column('cash_back', sa.BigInteger(), nullable=False),
        sa.Column('external_back', sa.BigInteger(), nullable=False),
        sa.Column('new_card_number', sa.String(length=32), nullable=True),
        sa.Column('plan', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['sale_id'], ['sales.id'],
                                name=op.f('fk_sale_refunds_sale_id_sales')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sale_refunds')),
    )
    op.create_index(op.f('ix_sale_refunds_sale_id'), 'sale_refunds', ['sale_id'])
    op.create_index(op.f('ix_sale_refunds_business_date'), 'sale_refunds', ['business_date'])

    op.create_table(
        'day_closes',
        sa.Column('id', _ID, autoincrement=True, nullable=False),
        sa.Column('terminal', sa.String(length=64), nullable=False),
        sa.Column('business_date', sa.Date(), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('report', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_day_closes')),
        sa.UniqueConstraint('terminal', 'business_date', name=op.f('uq_day_closes_terminal')),
    )
    op.create_index(op.f('ix_day_closes_business_date'), 'day_closes', ['business_date'])


def downgrade() -> None:
    op.drop_table('day_closes')
    op.drop_table('sale_refunds')
    op.drop_table('tenders')
    op.drop_table('sale_lines')
    op.drop_table('sales')
