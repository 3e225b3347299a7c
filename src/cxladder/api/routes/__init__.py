"""One module per resource; each handler makes one Cxladder call."""
