"""Reports from the published statistics: funder (XLSX, PDF), municipality, grant letter."""
