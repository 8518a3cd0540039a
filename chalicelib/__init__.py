"""DecideIEEM runtime: everything Chalice deploys besides app.py."""
