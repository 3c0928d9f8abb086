"""Meetings with a rep: working hours, free slots in the prospect's time zone, booking."""
