"""Contacts, follow-ups and the timeline: navigation, tabs and dashboard panels."""
