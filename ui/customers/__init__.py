"""The customer lookup panel: find a customer by phone or name, see their
saved cards with balances, pay with the preferred (or chosen) card."""

from ui.customers.panel import SHORTCUT, CustomerPanel, directory_for, open_button

__all__ = ["SHORTCUT", "CustomerPanel", "directory_for", "open_button"]
