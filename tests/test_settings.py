"""Settings: bad values stop the command with one line that names the setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings, SettingsError, load_settings
from storage.migrate import head_revision

runner = CliRunner()


def test_malformed_token_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADBOT_TELEGRAM_TOKEN", "changeme")
    with pytest.raises(SettingsError, match=r"LEADBOT_TELEGRAM_TOKEN: .*@BotFather"):
        load_settings(_env_file=None)


def test_wrong_database_driver_says_what_to_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADBOT_DATABASE_URL", "mysql://root@localhost/leads")
    with pytest.raises(SettingsError, match=r"LEADBOT_DATABASE_URL: .*sqlite\+aiosqlite"):
        load_settings(_env_file=None)


def test_plain_postgres_url_gets_the_async_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADBOT_DATABASE_URL", "postgresql://u@db/leadbot")
    assert load_settings(_env_file=None).database_url == "postgresql+asyncpg://u@db/leadbot"


def test_env_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("LEADBOT_DEFAULT_LANGUAGE=de\nLEADBOT_ADMIN_IDS=[1,2]\n")
    settings = Settings()
    assert (settings.default_language, settings.admin_ids) == ("de", [1, 2])


def test_token_is_a_secret_in_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "123456789:AAHabcdefghijklmnopqrstuvwxyz012345"
    monkeypatch.setenv("LEADBOT_TELEGRAM_TOKEN", token)
    assert token not in repr(load_settings(_env_file=None))


def test_run_without_token_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEADBOT_TELEGRAM_TOKEN", raising=False)
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 2
    assert "LEADBOT_TELEGRAM_TOKEN is not set" in result.output
    assert "Traceback" not in result.output


def test_bad_setting_stops_cli_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADBOT_LOG_LEVEL", "LOUD")
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 2
    assert result.output.strip().startswith("leadbot: LEADBOT_LOG_LEVEL:")
    assert len(result.output.strip().splitlines()) == 1


def test_db_upgrade_creates_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path / "d"))
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"database is at revision {head_revision()}" in result.output
    assert (tmp_path / "d" / "leadbot.db").exists()


def test_retry_policy_settings_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADBOT_RETRY_BASE_SECONDS", "0.5")
    monkeypatch.setenv("LEADBOT_RETRY_MAX_SECONDS", "60")
    monkeypatch.setenv("LEADBOT_RETRY_MAX_AGE_HOURS", "2")
    settings = load_settings(_env_file=None)
    assert (settings.retry_base_seconds, settings.retry_max_seconds) == (0.5, 60)
    assert settings.retry_max_age_hours == 2


def test_a_retry_delay_of_zero_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADBOT_RETRY_BASE_SECONDS", "0")
    with pytest.raises(SettingsError, match=r"LEADBOT_RETRY_BASE_SECONDS: .*greater than 0"):
        load_settings(_env_file=None)
