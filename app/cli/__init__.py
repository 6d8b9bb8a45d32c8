"""The `giftpos` command line: what managers, scripts and the acceptance checks use."""
