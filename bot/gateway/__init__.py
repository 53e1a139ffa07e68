"""The public web gateway: serves the widget, speaks to Rasa on loopback, enforces portals and limits."""
