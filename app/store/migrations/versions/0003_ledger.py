"""ledger service and terminal sync tables

Revision ID: 0003_ledger
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_ledger'
down_revision = '0001'
branch_labels = ('ledger',)
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'ledger_principals',
        sa.Column('id', BigId, autoincrement=True, nullable=False),
        sa.Column('name', sa.String(64), nullable=False),
        sa.Column('store', sa.String(64), nullable=False),
        sa.Column('role', sa.String(10), nullable=False),
        sa.Column('token_hash', sa.String(64), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.Column('revoked_at', TS, nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_principals')),
        sa.UniqueConstraint('name', name=op.f('uq_ledger_principals_name')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_ledger_principals_token_hash')),
    )
    op.create_table(
        'ledger_idempotency',
        sa.Column('principal_id', BigId, nullable=False),
        sa.Column('key', sa.String(128), nullable=False),
        sa.Column('request_hash', sa.String(64), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=False),
        sa.Column('response', sa.Text(), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.ForeignKeyConstraint(['principal_id'], ['ledger_principals.id'],
                                name=op.f('fk_ledger_idempotency_principal_id_ledger_principals')),
        sa.PrimaryKeyConstraint('principal_id', 'key', name=op.f('pk_ledger_idempotency')),
    )
    op.create_table(
        'ledger_rate',
        sa.Column('principal_id', BigId, nullable=False),
        sa.Column('bucket', sa.String(40), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['principal_id'], ['ledger_principals.id'],
                                name=op.f('fk_ledger_rate_principal_id_ledger_principals')),
        sa.PrimaryKeyConstraint('principal_id', 'bucket', name=op.f('pk_ledger_rate')),
    )
    op.create_table(
        'ledger_sync_state',
        sa.Column('principal_id', BigId, nullable=False),
        sa.Column('last_push_at', TS, nullable=True),
        sa.Column('last_pull_at', TS, nullable=True),
        sa.Column('last_cursor', sa.BigInteger(), nullable=False),
        sa.Column('pushed', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['principal_id'], ['ledger_principals.id'],
                                name=op.f('fk_ledger_sync_state_principal_id_ledger_principals')),
        sa.PrimaryKeyConstraint('principal_id', name=op.f('pk_ledger_sync_state')),
    )
    op.create_table(
        'ledger_exceptions',
        sa.Column('id', BigId, autoincrement=True, nullable=False),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('entry_id', sa.String(36), nullable=True),
        sa.Column('card_id', BigId, nullable=True),
        sa.Column('terminal', sa.String(64), nullable=False),
        sa.Column('store', sa.String(64), nullable=False),
        sa.Column('key', sa.String(64), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('payload', sa.Text(), nullable=True),
        sa.Column('created_at', TS, nullable=False),
        sa.Column('resolved_at', TS, nullable=True),
        sa.ForeignKeyConstraint(['card_id'], ['cards.id'],
                                name=op.f('fk_ledger_exceptions_card_id_cards')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_exceptions')),
    )
    with op.batch_alter_table('ledger_exceptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_exceptions_entry_id'), ['entry_id'],
                              unique=False)
    op.create_table(
        'ledger_tombstones',
        sa.Column('entry_id', sa.String(36), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_ledger_tombstones')),
    )
    op.create_table(
        'sync_in_doubt',
        sa.Column('entry_id', sa.String(36), nullable=False),
        sa.Column('op', sa.String(16), nullable=False),
        sa.Column('created_at', TS, nullable=False),
        sa.Column('resolved_at', TS, nullable=True),
        sa.Column('outcome', sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_sync_in_doubt')),
    )
    op.create_table(
        'sync_cards',
        sa.Column('card_id', BigId, nullable=False),
        sa.Column('opened_seq', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['card_id'], ['cards.id'],
                                name=op.f('fk_sync_cards_card_id_cards')),
        sa.PrimaryKeyConstraint('card_id', name=op.f('pk_sync_cards')),
    )


def downgrade() -> None:
    op.drop_table('sync_cards')
    op.drop_table('sync_in_doubt')
    op.drop_table('ledger_tombstones')
    with op.batch_alter_table('ledger_exceptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_exceptions_entry_id'))
    op.drop_table('ledger_exceptions')
    op.drop_table('ledger_sync_state')
    op.drop_table('ledger_rate')
    op.drop_table('ledger_idempotency')
    op.drop_table('ledger_principals')
