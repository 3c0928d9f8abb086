"""The dashboard's own settings (LEADBOT_DASHBOARD_*): the login token, where to listen."""

from __future__ import annotations

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.settings import SettingsError

_PLACEHOLDERS = {"changeme", "change-me", "secret", "token", "your-token", "dashboard"}


class DashboardSettings(BaseSettings):
    """Who may look (one shared token) and where the web server listens."""

    model_config = SettingsConfigDict(
        env_prefix="LEADBOT_DASHBOARD_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    token: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8090, ge=0, le=65535)
    # A login lasts this long; then the token is asked for again.
    session_hours: float = Field(default=12.0, gt=0)
    # Funnel and content figures over every lead are kept this long (seconds to compute).
    refresh_minutes: float = Field(default=5.0, gt=0)

    @field_validator("token")
    @classmethod
    def _strong_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value().strip()
        if len(raw) < 16 or raw.lower() in _PLACEHOLDERS:
            raise ValueError("use at least 16 random characters, e.g. `openssl rand -hex 24`")
        return SecretStr(raw)

    def require_token(self) -> str:
        """The login token, or a SettingsError that says how to set one."""
        if self.token is None:
            raise SettingsError(
                "LEADBOT_DASHBOARD_TOKEN is not set: the dashboard shows personal data and "
                "starts only behind a login; set it, e.g. to `openssl rand -hex 24`"
            )
        return self.token.get_secret_value()


def load_dashboard_settings(**overrides: object) -> DashboardSettings:
    """Read the dashboard settings; a bad value becomes one SettingsError line."""
    try:
        return DashboardSettings(**overrides)  # type: ignore[arg-type]  # pydantic checks them
    except ValidationError as error:
        lines = [
            f"LEADBOT_DASHBOARD_{str(problem['loc'][0]).upper()}: {problem['msg']} "
            "(fix it in the environment or .env)"
            for problem in error.errors()
        ]
        raise SettingsError("; ".join(lines)) from None
