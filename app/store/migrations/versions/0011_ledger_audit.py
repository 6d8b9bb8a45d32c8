"""ledger: each till's audit trail, kept per terminal, append-only (issue 15.10)

The ledger's copy of every row a till pushes from its hash-chained audit
trail (``staff_audit``, migration 0010_audit_chain), and where each till's
chain stands, so a till whose newest rows were deleted or rewritten is found
out. Written by hand to match app/ledger/schema.py
(tests/integration/core/test_store.py).

Revision ID: 0011_ledger_audit
Revises: 0003b_ledger_seen
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_ledger_audit'
down_revision = '0003b_ledger_seen'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'ledger_audit_heads',
        sa.Column('principal_id', BigId, nullable=False),
        sa.Column('epoch', sa.Integer(), nullable=False),
        sa.Column('position', sa.BigInteger(), nullable=False),
        sa.Column('link', sa.String(length=64), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['principal_id'], ['ledger_principals.id'],
                                name=op.f('fk_ledger_audit_heads_principal_id_ledger_principals')),
        sa.PrimaryKeyConstraint('principal_id', name=op.f('pk_ledger_audit_heads')),
    )
    op.create_table(
        'ledger_audit_rows',
        sa.Column('principal_id', BigId, nullable=False),
        sa.Column('epoch', sa.Integer(), nullable=False),
        sa.Column('position', sa.BigInteger(), nullable=False),
        sa.Column('row_id', sa.BigInteger(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('terminal', sa.String(length=64), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('actor', sa.String(length=64), nullable=True),
        sa.Column('approver', sa.String(length=64), nullable=True),
        sa.Column('card', sa.String(length=20), nullable=True),
        sa.Column('amount', sa.BigInteger(), nullable=True),
        sa.Column('currency', sa.String(length=3), nullable=True),
        sa.Column('entry_id', sa.String(length=36), nullable=True),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.Column('link', sa.String(length=64), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['principal_id'], ['ledger_principals.id'],
                                name=op.f('fk_ledger_audit_rows_principal_id_ledger_principals')),
        sa.PrimaryKeyConstraint('principal_id', 'epoch', 'position',
                                name=op.f('pk_ledger_audit_rows')),
    )


def downgrade() -> None:
    op.drop_table('ledger_audit_rows')
    op.drop_table('ledger_audit_heads')
