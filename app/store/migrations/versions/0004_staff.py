"""staff tables: staff, staff_audit

Revision ID: 0004_staff
Revises: 0001
Written by hand to match app/staff/schema.py (tests compare the two).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_staff'
down_revision = '0001'
branch_labels = ('staff',)
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'staff',
        sa.Column('id', _ID, autoincrement=True, nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=12), nullable=False),
        sa.Column('pin_hash', sa.String(length=255), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('failed_attempts', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_sign_in', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
        sa.UniqueConstraint('name', name=op.f('uq_staff_name')),
    )
    op.create_table(
        'staff_audit',
        sa.Column('id', _ID, autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('terminal', sa.String(length=64), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('actor', sa.String(length=64), nullable=True),
        sa.Column('approver', sa.String(length=64), nullable=True),
        sa.Column('card', sa.String(length=16), nullable=True),
        sa.Column('amount', sa.BigInteger(), nullable=True),
        sa.Column('currency', sa.String(length=3), nullable=True),
        sa.Column('entry_id', sa.String(length=36), nullable=True),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_audit')),
    )
    op.create_index(op.f('ix_staff_audit_at'), 'staff_audit', ['at'])
    op.create_index(op.f('ix_staff_audit_action'), 'staff_audit', ['action'])
    op.create_index(op.f('ix_staff_audit_actor'), 'staff_audit', ['actor'])


def downgrade() -> None:
    op.drop_table('staff_audit')
    op.drop_table('staff')
