"""The lead export for spreadsheets and CRMs: flat columns (`table.py`), written as CSV with
a byte-order mark, as xlsx, or as JSON Lines (`writers.py`)."""
