"""What the screens show, read from the vault on its database thread (Qt-free)."""
