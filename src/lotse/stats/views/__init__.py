"""Views of the statistics app: dashboard, bundles, reports, funding."""
