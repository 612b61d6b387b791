"""All settings in one object, read from the environment and ``.env``; the only module that reads them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_PRICES: dict[str, float] = {
    # USD; per 1M tokens for text models, per image for image models, per 1M characters for speech.
    "gpt-4.1-mini:input": 0.40,
    "gpt-4.1-mini:output": 1.60,
    "gpt-image-1-mini:image": 0.011,
    "gpt-image-1:image": 0.042,
    "gpt-4o-mini-tts:characters": 12.0,
    "omni-moderation-latest:request": 0.0,
}


def default_data_dir() -> Path:
    """``/data`` where a persistent volume is mounted there (Docker, Hugging Face Spaces), else ``./data``."""
    mounted = Path("/data")
    if mounted.is_dir() and os.access(mounted, os.W_OK):
        return mounted
    return Path("data")


class PlanLimits(BaseModel):
    """What one plan allows; enforced before any paid call."""

    books_per_day: int
    pages_per_book: int
    running_jobs: int


class Settings(BaseSettings):
    """Memory Maker's configuration: ``Settings(database_url="sqlite:///tmp/mm.db")`` in tests."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # Where the web app listens (Gradio's own variable names, and PORT as Docker and Spaces set it).
    server_host: str = Field(default="127.0.0.1", validation_alias="GRADIO_SERVER_NAME")
    server_port: int = Field(
        default=7860, ge=1, le=65535, validation_alias=AliasChoices("GRADIO_SERVER_PORT", "PORT")
    )

    data_dir: Path = Field(default_factory=lambda: default_data_dir())
    database_url: str | None = None  # default: sqlite:///<data_dir>/memory-maker.db

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_story_model: str = "gpt-4.1-mini"
    openai_image_model: str = "gpt-image-1-mini"
    openai_tts_model: str = "gpt-4o-mini-tts"
    openai_tts_voice: str = "coral"
    openai_moderation_model: str = "omni-moderation-latest"
    openai_timeout_s: float = 60.0
    openai_max_retries: int = 3
    openai_image_concurrency: int = 4
    openai_requests_per_minute: int = 120
    image_quality: Literal["low", "medium", "high", "auto"] = "low"
    prices: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_PRICES))

    providers: Literal["auto", "offline", "openai"] = "auto"
    picture_size: int = Field(default=1024, ge=256, le=2048)

    session_days: int = Field(default=30, ge=1, le=365)
    login_max_failures: int = 5
    login_lock_minutes: int = 15
    guest_mode: bool = True

    plan_free: PlanLimits = PlanLimits(books_per_day=10, pages_per_book=24, running_jobs=1)
    plan_family: PlanLimits = PlanLimits(books_per_day=50, pages_per_book=24, running_jobs=3)

    worker_threads: int = Field(default=2, ge=0, le=32)
    job_queue_url: str | None = None  # e.g. redis://127.0.0.1:6379/0 for the scaled mode (Dramatiq)
    job_queue_namespace: str = "memory-maker"
    job_stale_after_s: float = Field(default=30.0, ge=2.0, le=3600.0)  # no heartbeat this long: worker died
    offline_picture_delay_s: float = Field(default=0.0, ge=0.0, le=60.0)  # benchmarks: simulate slow art

    # Email. Without SMTP_HOST nothing is emailed: the sign-in page offers help instead of a reset link.
    smtp_host: str | None = None
    smtp_port: int | None = Field(default=None, ge=1, le=65535)  # default: 465 ssl, 587 starttls, 25 none
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["none", "starttls", "ssl"] = "starttls"
    smtp_timeout_s: float = Field(default=15.0, gt=0.0, le=120.0)
    mail_from: str | None = None  # e.g. "Memory Maker <books@example.org>"
    public_url: str = "http://localhost:7860"  # the address families open; every emailed link starts here
    require_email_confirmation: bool = False  # unconfirmed accounts are read-only until confirmed
    reset_requests_per_email_per_hour: int = Field(default=5, ge=1, le=1000)
    reset_requests_per_client_per_hour: int = Field(default=20, ge=1, le=10000)
    mail_retry_base_s: float = Field(default=30.0, gt=0.0, le=3600.0)  # doubles per try, at most 15 min
    mail_max_attempts: int = Field(default=10, ge=1, le=100)
    mail_poll_s: float = Field(default=5.0, gt=0.0, le=300.0)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'memory-maker.db').as_posix()}"

    @property
    def use_openai(self) -> bool:
        if self.providers == "offline":
            return False
        if self.providers == "openai":
            return True
        return bool(self.openai_api_key) or bool(self.openai_base_url)

    def plan_limits(self, plan: str) -> PlanLimits:
        return self.plan_family if plan == "family" else self.plan_free

    @property
    def mail_configured(self) -> bool:
        """Whether email can be sent (else reset links come from the admin page)."""
        return bool(self.smtp_host) and bool(self.mail_from)

    @model_validator(mode="after")
    def _mail_settings_fit_together(self) -> Settings:
        # Refuse at start-up rather than send links nobody can open or lock every family out.
        if self.smtp_host and not self.mail_from:
            raise ValueError("SMTP_HOST is set: please also set MAIL_FROM (Memory Maker <books@example.org>)")
        if self.smtp_host and "public_url" not in self.model_fields_set:
            raise ValueError("SMTP_HOST is set: please also set PUBLIC_URL, the address families open")
        if self.require_email_confirmation and not self.mail_configured:
            raise ValueError("REQUIRE_EMAIL_CONFIRMATION needs SMTP_HOST, MAIL_FROM and PUBLIC_URL")
        if not self.public_url.startswith(("http://", "https://")):
            raise ValueError("PUBLIC_URL must start with http:// or https://")
        self.public_url = self.public_url.rstrip("/")
        return self
