"""`medcli check`: an ordered dose checked against the dose plan's own computation."""
