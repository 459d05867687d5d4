"""Views of case management, split by topic."""
