"""The central ledger: the HTTP service that holds the truth about every card."""
