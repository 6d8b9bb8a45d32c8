"""staff_audit.link: the audit trail as a hash chain (issue 15.10)

Each row carries sha256(previous row's link + the row's canonical content);
existing rows are chained here in id order, so an edit made after this
migration breaks the chain at that row (`giftpos audit --verify`).

Revision ID: 0010_audit_chain
Revises: 0004_staff
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010_audit_chain'
down_revision = '0004_staff'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_audit') as batch:
        batch.add_column(sa.Column('link', sa.String(length=64), nullable=True))
    from app.audit_chain import link_of  # the one definition of a row's link
    bind = op.get_bind()
    table = sa.table('staff_audit', *[sa.column(c) for c in (
        'id', 'at', 'terminal', 'action', 'outcome', 'actor', 'approver', 'card', 'amount',
        'currency', 'entry_id', 'detail', 'link')])
    prev = ""
    for row in bind.execute(sa.select(table).order_by(table.c.id)).mappings().all():
        prev = link_of(prev, row)
        bind.execute(table.update().where(table.c.id == row['id']).values(link=prev))


def downgrade() -> None:
    with op.batch_alter_table('staff_audit') as batch:
        batch.drop_column('link')
