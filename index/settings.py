"""Engine settings, read once from the environment and passed down explicitly."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import AfterValidator, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The name recorded in index manifests for the bundled weights, so that an index
# built in one virtual environment still matches the same model in another.
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def _positive(value: int) -> int:
    if value < 1:
        raise ValueError("must be a positive number")
    return value


# A count or a limit set in the environment: 1 or more (the bot's settings use it too).
Positive = Annotated[int, AfterValidator(_positive)]


def _positive_seconds(value: float) -> float:
    if not value > 0:
        raise ValueError("must be a positive number of seconds")
    return value


# A duration set in the environment: more than zero seconds.
Seconds = Annotated[float, AfterValidator(_positive_seconds)]


class Settings(BaseSettings):
    """Where data lives, which model embeds it, and the engine's limits."""

    model_config = SettingsConfigDict(env_prefix="FRONTLINE_", extra="ignore")

    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("frontline")))
    embedding_model: str = DEFAULT_MODEL
    # "torch" (sentence-transformers), "openvino" (the same weights converted
    # once into models_dir: several times faster on CPU, no torch import when
    # serving), or "auto" (openvino when installed). See index/openvino_encoder.py.
    embedding_backend: str = "auto"
    # Converted models, keyed by their weights: shared by every data directory.
    models_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_cache_dir("frontline")) / "models")
    # Questions longer than this are refused: nobody asks 10,000 characters,
    # and a flood of long text should cost nothing.
    max_question_chars: Positive = 1000
    # A newest source older than this many days gets a "stale" caveat.
    stale_after_days: Positive = 30
    # Fetching URLs on loopback or private networks is refused unless allowed
    # (local testing only): the bot must not become a proxy into its own network.
    allow_private_urls: bool = False
    # Index versions kept on disk for `rollback`.
    keep_versions: Positive = 3
    # Seconds a fetch may wait to connect or for each read; the whole fetch,
    # from connecting to the last byte, has twice as long.
    fetch_timeout: Seconds = 15.0

    @field_validator("embedding_model")
    @classmethod
    def _model_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("FRONTLINE_EMBEDDING_MODEL is empty; unset it to use the bundled model")
        return value.strip()

    @property
    def db_path(self) -> Path:
        return self.data_dir / "frontline.db"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"
