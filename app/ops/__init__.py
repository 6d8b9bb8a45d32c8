"""Operations on stored value. Each is a keyword-only function that runs inside
a transaction it is given (``session``) and returns what changed; the
:class:`~app.ops.service.CardService` opens the transactions."""
