"""E-gift cards by email: a durable outbox (``egift_outbox``) of messages,
each sent through a real SMTP server (GIFTPOS_SMTP_URL) and retried with
backoff until it is delivered. See docs/shop.md."""
