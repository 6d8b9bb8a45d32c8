"""Customers' cards: customers found at the till by phone or name, cards saved
to their accounts (one preferred), shared with others and revocable, and gifts
(a new card paid in a sale, or an existing saved card handed over)."""
