"""`leadbot report`: the report built from storage.reporting, as tables, JSON and charts."""
