"""The local directory (issue 16): services and opportunities per centre, kept by its partner's editors."""
