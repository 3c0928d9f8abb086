"""Persistence: SQLAlchemy models, repositories and Alembic migrations. No aiogram here."""
