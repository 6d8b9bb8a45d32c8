"""entries.resolves: the hold an entry resolves, unique (a hold resolves once)

A hold is a pending entry; its capture, release, expiry or void names it in
``resolves``, and a unique index holds every hold to one resolving entry.
Existing journals: the entry each closed hold names as ``closed_by`` (the one
that resolved it) gets the hold's id; other entries naming a hold (a pushed
release of a hold already closed, a capture after the hold ran out) do not.

Revision ID: 0011_hold_resolves
Revises: 0009_canonical_numbers
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_hold_resolves'
down_revision = '0009_canonical_numbers'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('entries', sa.Column('resolves', sa.String(length=36), nullable=True))
    op.execute(
        "UPDATE entries SET resolves = ref_id WHERE EXISTS (SELECT 1 FROM holds h "
        "WHERE h.closed_by = entries.id AND h.entry_id = entries.ref_id)")
    op.create_index('uq_entries_resolve_once', 'entries', ['resolves'], unique=True,
                    sqlite_where=sa.text('resolves IS NOT NULL'),
                    postgresql_where=sa.text('resolves IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('uq_entries_resolve_once', table_name='entries')
    with op.batch_alter_table('entries') as batch:
        batch.drop_column('resolves')
