"""Mechanisms every domain app's services share."""
