"""Card designs: programs (title, currency, default amount, expiry rules, cover
template), cover templates, and printing a card as PNG, PDF and ESC/POS."""
