"""shop tables: settings, card sales, cash-outs, security-code throttle, e-gift outbox

Revision ID: 0006_shop
Revises: 0001
Written by hand to match app/shop/schema.py (tests/unit/shop/test_schema.py
compares the two).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006_shop'
down_revision = '0001'
branch_labels = ('shop',)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'shop_settings',
        sa.Column('key', sa.String(64), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('updated_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_shop_settings')),
    )
    op.create_table(
        'shop_card_sales',
        sa.Column('entry_id', sa.String(36), nullable=False),
        sa.Column('face', sa.BigInteger(), nullable=False),
        sa.Column('paid', sa.BigInteger(), nullable=False),
        sa.Column('discount', sa.BigInteger(), nullable=False),
        sa.Column('currency', sa.String(3), nullable=False),
        sa.Column('store', sa.String(64), nullable=False),
        sa.Column('terminal', sa.String(64), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_shop_card_sales')),
    )
    op.create_table(
        'shop_cashouts',
        sa.Column('entry_id', sa.String(36), nullable=False),
        sa.Column('card', sa.String(16), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('currency', sa.String(3), nullable=False),
        sa.Column('store', sa.String(64), nullable=False),
        sa.Column('terminal', sa.String(64), nullable=False),
        sa.Column('cashier', sa.String(64), nullable=True),
        sa.Column('business_date', sa.String(10), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_shop_cashouts')),
    )
    op.create_index(op.f('ix_shop_cashouts_terminal'), 'shop_cashouts', ['terminal'])
    op.create_index(op.f('ix_shop_cashouts_business_date'), 'shop_cashouts', ['business_date'])
    op.create_table(
        'shop_code_attempts',
        sa.Column('card_digest', sa.String(64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('locked_until', TS, nullable=True),
        sa.PrimaryKeyConstraint('card_digest', name=op.f('pk_shop_code_attempts')),
    )
    op.create_table(
        'egift_outbox',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('card_number', sa.String(32), nullable=False),
        sa.Column('recipient', sa.String(254), nullable=False),
        sa.Column('sender_name', sa.String(120), nullable=True),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('send_at', TS, nullable=False),
        sa.Column('state', sa.String(12), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_try_at', TS, nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('sent_at', TS, nullable=True),
        sa.Column('message_id', sa.String(255), nullable=True),
        sa.Column('created_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_egift_outbox')),
    )
    for col in ('card_number', 'send_at', 'state', 'next_try_at'):
        op.create_index(op.f(f'ix_egift_outbox_{col}'), 'egift_outbox', [col])


def downgrade() -> None:
    for name in ('egift_outbox', 'shop_code_attempts', 'shop_cashouts', 'shop_card_sales',
                 'shop_settings'):
        op.drop_table(name)
