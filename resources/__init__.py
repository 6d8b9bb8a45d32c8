"""Data files shipped with giftpos (in the wheel too): QSS themes, demo cards,
card designs, translations (resources/translations) and the ledger's
systemd unit (resources/systemd). Code finds them as the ``resources``
folder beside ``ui/`` and ``app/``; nothing here is imported."""
