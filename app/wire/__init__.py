"""What travels between a till and the ledger, shared by both sides: the
answers (pydantic models, the ``response_model`` of every ledger route and
what the till's client parses every answer into) and the journal entry's
wire form (``entry.py``: built from the store's rows, and parsed by hand on
the push's hot path). Imports neither the ledger's service nor a till's."""
