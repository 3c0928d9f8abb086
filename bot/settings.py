"""Runtime settings, read from LEADBOT_* environment variables and an optional `.env` file."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT_DIR = PROJECT_ROOT / "content"
_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PLACEHOLDERS = {"changeme", "change-me", "secret", "xxx", "your-token", "token"}


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and says what to do."""


class Settings(BaseSettings):
    """Every knob of a deployment; see the README's settings table."""

    model_config = SettingsConfigDict(
        env_prefix="LEADBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_token: SecretStr | None = None
    telegram_api_url: str | None = None
    database_url: str | None = None
    data_dir: Path = Path("data")
    content_dir: Path = DEFAULT_CONTENT_DIR
    default_language: Literal["en", "de"] = "en"
    secret_key: SecretStr | None = None
    admin_ids: list[int] = Field(default_factory=list)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    max_text_length: int = Field(default=4096, ge=1)
    decay_interval_minutes: int = Field(default=60, ge=1)
    content_reload_seconds: int = Field(default=5, ge=1)
    nurture_interval_seconds: int = Field(default=60, ge=1)
    handover_sla_minutes: int = Field(default=15, ge=1)
    handover_max_tries: int = Field(default=3, ge=1)
    business_hours: str = Field(default="08:00-18:00", pattern=r"^\d\d:\d\d-\d\d:\d\d$")
    business_days: str = Field(default="mon,tue,wed,thu,fri")
    business_timezone: str = "Europe/Berlin"
    # Meetings a prospect books with a rep: length, how far ahead, how far out slots go.
    meeting_minutes: int = Field(default=30, ge=5, le=480)
    meeting_notice_minutes: int = Field(default=120, ge=0)
    meeting_horizon_days: int = Field(default=14, ge=1, le=90)
    manager_chat_id: int | None = Field(default=None, ge=-(2**52), le=2**52)
    # Customers' requests when no account owner is known.
    support_chat_id: int | None = Field(default=None, ge=-(2**52), le=2**52)
    crm_webhook_url: str | None = Field(default=None, pattern=r"^https?://")
    crm_webhook_secret: SecretStr | None = None
    # One retry policy for the outbox, follow-ups and CRM webhook (bot/jobs/retry.py).
    retry_base_seconds: float = Field(default=2.0, gt=0)
    retry_max_seconds: float = Field(default=3600.0, gt=0)
    retry_max_age_hours: float = Field(default=24.0, ge=0)
    # Data is erased this long after a lead's last message (never longer than the notice says).
    retention_months: int = Field(default=24, ge=1, le=120)
    outbox_interval_seconds: float = Field(default=5.0, gt=0)  # the worker's round
    # A claimed outbox row older than this belongs to a process that died: sent again.
    outbox_claim_stale_seconds: float = Field(default=120.0, gt=0)
    # Ingress (bot/ingress/): long-poll length, updates handled at once, webhook server.
    polling_timeout_seconds: int = Field(default=25, ge=0)
    updates_in_flight: int = Field(default=64, ge=1)
    # PostgreSQL connections kept open (updates use at most this many at once; the rest
    # of the in-flight updates queue for one) and the extra ones the jobs may open on top.
    database_pool_size: int = Field(default=10, ge=1, le=1000)
    database_max_overflow: int = Field(default=5, ge=1, le=1000)
    webhook_url: str | None = Field(default=None, pattern=r"^https?://")
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=0)
    # Handled update ids are kept this long; Telegram redelivers for at most 24 hours.
    processed_updates_retention_hours: float = Field(default=72.0, ge=25.0)
    spacy_model_de: str | None = None
    spacy_model_en: str | None = None

    @field_validator("telegram_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value().strip()
        if raw.lower() in _PLACEHOLDERS or not _TOKEN.match(raw):
            raise ValueError("expected a token from @BotFather like 123456789:AAH…")
        return SecretStr(raw)

    @field_validator("admin_ids")
    @classmethod
    def _telegram_ids(cls, value: list[int]) -> list[int]:
        too_big = [i for i in value if abs(i) > 2**52]
        if too_big:
            raise ValueError(f"{too_big} are no Telegram ids (they fit in 52 bits)")
        return value

    @field_validator("business_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}, e.g. Europe/Berlin") from None
        return value

    @field_validator("business_hours")
    @classmethod
    def _opening_before_closing(cls, value: str) -> str:
        try:
            opening, closing = (time.fromisoformat(part) for part in value.split("-"))
        except ValueError:
            raise ValueError(f"{value!r} is no range of times like 08:00-18:00") from None
        if opening >= closing:
            raise ValueError(f"{value!r} closes before it opens (no overnight hours)")
        return value

    @field_validator("business_days")
    @classmethod
    def _known_days(cls, value: str) -> str:
        days = [day.strip().lower() for day in value.split(",") if day.strip()]
        unknown = [day for day in days if day not in DAYS]
        if unknown or not days:
            raise ValueError(f"use days like mon,tue,wed,thu,fri (not {unknown or value!r})")
        return ",".join(days)

    @field_validator("secret_key")
    @classmethod
    def _secret_strength(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and (
            len(value.get_secret_value()) < 16 or value.get_secret_value().lower() in _PLACEHOLDERS
        ):
            raise ValueError("use at least 16 random characters, e.g. `openssl rand -hex 32`")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if value.startswith(("postgres://", "postgresql://")):
            value = "postgresql+asyncpg://" + value.split("://", 1)[1]
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "use sqlite+aiosqlite:///path/to/file.db or postgresql+asyncpg://user@host/db"
            )
        return value

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory; a SQLite
        file named in a folder that does not exist is a SettingsError (one line)."""
        if self.database_url:
            _sqlite_folder_exists(self.database_url)
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite+aiosqlite:///{(self.data_dir / 'leadbot.db').resolve()}"

    def engine_options(self) -> dict[str, int]:
        """Pool sizes for the engine: PostgreSQL keeps its pool warm; SQLite needs none."""
        if self.resolved_database_url().startswith("postgresql"):
            return {
                "pool_size": self.database_pool_size,
                "max_overflow": self.database_max_overflow,
            }
        return {}

    def require_token(self) -> str:
        """The Telegram token, or a SettingsError that says how to set it."""
        if self.telegram_token is None:
            raise SettingsError(
                "LEADBOT_TELEGRAM_TOKEN is not set: get a token from @BotFather and export it "
                "(or try `leadbot chat`, which needs no token)"
            )
        return self.telegram_token.get_secret_value()

    def resolved_secret_key(self) -> bytes:
        """The key for anonymous erasure markers; generated once into the data directory."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value().encode()
        key_file = self.data_dir / "secret.key"
        if not key_file.exists():
            import secrets

            self.data_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_hex(32), encoding="utf-8")
            key_file.chmod(0o600)
        return key_file.read_text(encoding="utf-8").strip().encode()


def load_settings(**overrides: object) -> Settings:
    """Read settings; a bad value becomes one SettingsError line per setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]  # pydantic checks each value
    except UnicodeDecodeError:
        raise SettingsError(".env is not UTF-8 text: save it as UTF-8") from None
    except SourceError as error:  # a value pydantic-settings cannot even parse, e.g. JSON
        field = re.search(r'field "(\w+)"', str(error))
        name = f"LEADBOT_{field.group(1).upper()}" if field else "a setting"
        raise SettingsError(f"{name}: cannot be read (fix it in the environment or .env)") from (
            None
        )
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            name = "LEADBOT_" + "_".join(str(part) for part in problem["loc"][:1]).upper()
            lines.append(f"{name}: {problem['msg']} (fix it in the environment or .env)")
        raise SettingsError("; ".join(lines)) from None


def _sqlite_folder_exists(url: str) -> None:
    """SQLite creates the file but not its folder; say so before the driver fails."""
    from sqlalchemy import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    folder = Path(parsed.database).parent
    if not folder.is_dir():
        raise SettingsError(
            f"LEADBOT_DATABASE_URL: the folder {folder} does not exist; create it or fix the path"
        )
