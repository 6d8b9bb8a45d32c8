"""What shops and chains expect of a gift-card system beyond the card itself:
store settings (accounts, the law, programs' selling terms), cash-out of small
balances, card-sale discounts, bulk activation, replacing a lost card, and
security codes. See docs/shop.md."""
