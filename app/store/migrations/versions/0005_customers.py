"""customers, saved cards, gifts; card programs and cover templates

Revision ID: 0005_customers
Revises: 0001
Written by hand to match app/customers/schema.py and app/designs/schema.py
(tests/unit/customers/test_schema.py compares the two).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_customers'
down_revision = '0001'
branch_labels = ('customers',)
depends_on = None

TS = sa.DateTime(timezone=True)
_ACTIVE = "revoked_at IS NULL"


def upgrade() -> None:
    op.create_table(
        'customers',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('name', sa.String(120), nullable=False),
        sa.Column('name_key', sa.String(120), nullable=False),
        sa.Column('phone', sa.String(32), nullable=False),
        sa.Column('email', sa.String(254), nullable=True),
        sa.Column('created_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    )
    op.create_index(op.f('ix_customers_name_key'), 'customers', ['name_key'])
    op.create_index(op.f('ix_customers_phone'), 'customers', ['phone'])

    op.create_table(
        'saved_cards',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('customer_id', sa.String(36), nullable=False),
        sa.Column('card_number', sa.String(32), nullable=False),
        sa.Column('role', sa.String(8), nullable=False),
        sa.Column('shared_from', sa.String(36), nullable=True),
        sa.Column('preferred', sa.Boolean(), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.Column('revoked_at', TS, nullable=True),
        sa.Column('revoked_why', sa.String(40), nullable=True),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'],
                                name=op.f('fk_saved_cards_customer_id_customers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_cards')),
    )
    op.create_index(op.f('ix_saved_cards_customer_id'), 'saved_cards', ['customer_id'])
    op.create_index(op.f('ix_saved_cards_card_number'), 'saved_cards', ['card_number'])
    op.create_index(op.f('ix_saved_cards_shared_from'), 'saved_cards', ['shared_from'])
    owner = f"role = 'OWNER' AND {_ACTIVE}"
    op.create_index('uq_saved_cards_one_owner', 'saved_cards', ['card_number'], unique=True,
                    sqlite_where=sa.text(owner), postgresql_where=sa.text(owner))
    op.create_index('uq_saved_cards_once', 'saved_cards', ['customer_id', 'card_number'],
                    unique=True, sqlite_where=sa.text(_ACTIVE),
                    postgresql_where=sa.text(_ACTIVE))
    preferred = f"preferred AND {_ACTIVE}"
    op.create_index('uq_saved_cards_one_preferred', 'saved_cards', ['customer_id'],
                    unique=True, sqlite_where=sa.text(preferred),
                    postgresql_where=sa.text(preferred))

    op.create_table(
        'customer_gifts',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('mode', sa.String(10), nullable=False),
        sa.Column('sender_id', sa.String(36), nullable=True),
        sa.Column('recipient_id', sa.String(36), nullable=False),
        sa.Column('card_number', sa.String(32), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('currency', sa.String(3), nullable=False),
        sa.Column('sale_id', sa.String(36), nullable=True),
        sa.Column('source_ref', sa.String(100), nullable=True),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('status', sa.String(10), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.Column('settled_at', TS, nullable=True),
        sa.ForeignKeyConstraint(['sender_id'], ['customers.id'],
                                name=op.f('fk_customer_gifts_sender_id_customers')),
        sa.ForeignKeyConstraint(['recipient_id'], ['customers.id'],
                                name=op.f('fk_customer_gifts_recipient_id_customers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_gifts')),
    )
    op.create_index(op.f('ix_customer_gifts_recipient_id'), 'customer_gifts', ['recipient_id'])
    op.create_index(op.f('ix_customer_gifts_sale_id'), 'customer_gifts', ['sale_id'])
    op.create_index(op.f('ix_customer_gifts_status'), 'customer_gifts', ['status'])

    op.create_table(
        'customer_ops',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('kind', sa.String(16), nullable=False),
        sa.Column('fingerprint', sa.String(64), nullable=False),
        sa.Column('subject', sa.String(36), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_ops')),
    )

    op.create_table(
        'card_programs',
        sa.Column('code', sa.String(64), nullable=False),
        sa.Column('title', sa.String(120), nullable=False),
        sa.Column('currency', sa.String(3), nullable=False),
        sa.Column('default_amount', sa.BigInteger(), nullable=False),
        sa.Column('expiry_months', sa.Integer(), nullable=True),
        sa.Column('expires_on', sa.Date(), nullable=True),
        sa.Column('template', sa.String(64), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_card_programs')),
    )
    op.create_table(
        'card_templates',
        sa.Column('id', sa.String(64), nullable=False),
        sa.Column('name', sa.String(120), nullable=False),
        sa.Column('image', sa.LargeBinary(), nullable=False),
        sa.Column('layout', sa.Text(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_card_templates')),
    )


def downgrade() -> None:
    op.drop_table('card_templates')
    op.drop_table('card_programs')
    op.drop_table('customer_ops')
    op.drop_table('customer_gifts')
    op.drop_table('saved_cards')
    op.drop_table('customers')
