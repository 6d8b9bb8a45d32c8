"""One screen or dialog per module; the main window assembles them."""
