"""The terminal's side of the ledger: client, connectivity, online gateway with
offline fallback, and the store-and-forward sync engine. No Qt here."""
