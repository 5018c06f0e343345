# Frontline's Telegram bot: the CPU build of torch, the embedding model and its
# OpenVINO conversion inside the image, uid and gid 10001, data on the /data volume.
#
#   docker build -t frontline .
#   docker run -d --name frontline --env-file frontline.env -v frontline-data:/data frontline
#   docker run --rm -v frontline-data:/data frontline ask "who holds Rubizhne?"
#
# Stages, from the least to the most often changed, so that a change in bot/ or
# index/ rebuilds only the last, small layer:
#   base          tini, the user and group, /data
#   requirements  the dependency list read from pyproject.toml
#   deps          torch (CPU build, checked) and every dependency, in /opt/venv
#   model         the OpenVINO conversion (needs index/openvino_encoder.py only; checked)
#   project       frontline itself, installed without dependencies into a separate root
#   (final)       deps + the converted model + the project: no sources, build folders or .pyc
#
# scripts/check_image.py builds this with buildah and checks it: answers offline,
# serves against a test Bot API server, stops at once on SIGTERM, leaves nothing behind.

# Pinned by tag and by the digest of the tag's multi-architecture index. Any
# Debian-based image with python3 (3.11) and its venv module will do:
# --build-arg BASE_IMAGE=... (scripts/check_image.py makes one with debootstrap).
ARG BASE_IMAGE=python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d

FROM ${BASE_IMAGE} AS base
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
# tini runs as PID 1 and hands SIGTERM on: a process that is PID 1 ignores every
# signal it has no handler for, so without it a `docker stop` during start-up
# (before python-telegram-bot installs its handlers) waits for the SIGKILL.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 frontline \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin frontline \
    && mkdir /data && chown 10001:10001 /data

FROM base AS requirements
# The dependency list alone, from pyproject.toml (torch's pin in a file of its
# own): the dependencies' layer is rebuilt when this list changes, not when any
# other line of pyproject.toml does.
COPY pyproject.toml /tmp/pyproject.toml
RUN mkdir /requirements && python3 -c "import re, tomllib; \
deps = tomllib.load(open('/tmp/pyproject.toml', 'rb'))['project']['dependencies']; \
torch = [d for d in deps if re.split(r'[^A-Za-z0-9._-]', d, maxsplit=1)[0].lower() == 'torch']; \
open('/requirements/torch.txt', 'w').write('\n'.join(torch) + '\n'); \
open('/requirements/all.txt', 'w').write('\n'.join(deps) + '\n')"

FROM base AS deps
# PyPI's torch wheel for Linux bundles CUDA (gigabytes); PyTorch's CPU index has
# the CPU build. Give a mirror of that index, or any index holding the CPU wheel,
# with --build-arg TORCH_INDEX_URL=...; it supplies torch alone (--no-deps).
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
COPY --from=requirements /requirements /opt/frontline/requirements
# The build fails if torch is not the CPU build. pip writes no .pyc (--no-compile:
# hundreds of MB for torch alone); PYTHONDONTWRITEBYTECODE keeps it so at run time.
RUN python3 -m venv /opt/venv \
    && pip install --no-compile --no-deps --index-url "$TORCH_INDEX_URL" -r /opt/frontline/requirements/torch.txt \
    && pip install --no-compile -r /opt/frontline/requirements/all.txt \
    && pip check \
    && python -c "import importlib.metadata as md, sys, torch; \
gpu = sorted(d.name for d in md.distributions() if d.name.lower().startswith(('nvidia', 'triton'))); \
(torch.version.cuda or gpu) and sys.exit(f'torch {torch.__version__} is not the CPU build ({gpu}); check TORCH_INDEX_URL'); \
print(f'torch {torch.__version__}: the CPU build')" \
    && find /opt/venv -name __pycache__ -prune -exec rm -rf {} +

FROM deps AS model
# Converted at build time, so that the first start answers at once. A failed
# conversion fails the build: the bot would silently fall back to torch.
WORKDIR /tmp/convert
COPY index/__init__.py index/errors.py index/openvino_encoder.py index/
COPY scripts/convert_model.py .
RUN HF_HUB_OFFLINE=1 PYTHONPATH=. python convert_model.py /opt/frontline/models \
    && chmod -R a+rX,go-w /opt/frontline

FROM deps AS project
WORKDIR /src
COPY pyproject.toml README.md ./
COPY index index
COPY bot bot
# Into a separate root, so the final stage copies the installed files alone.
RUN pip install --no-compile --no-deps --no-warn-script-location --root /install . \
    && find /install -name __pycache__ -prune -exec rm -rf {} +

FROM deps
LABEL org.opencontainers.image.title="frontline" \
      org.opencontainers.image.description="Cited, caveated answers about the Russia–Ukraine front line, in Telegram"
COPY --from=model /opt/frontline/models /opt/frontline/models
COPY --from=project /install/opt/venv /opt/venv
ENV FRONTLINE_DATA_DIR=/data \
    FRONTLINE_MODELS_DIR=/opt/frontline/models \
    FRONTLINE_HEARTBEAT_FILE=/tmp/frontline-heartbeat \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1
VOLUME ["/data"]
# Webhook mode only (FRONTLINE_WEBHOOK_URL set); long polling opens no port.
EXPOSE 8443
USER 10001:10001
# Healthy while the bot takes updates: it touches the heartbeat file every 10 s
# (bot/heartbeat.py); a stuck event loop or stopped polling lets it age.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD ["python", "-m", "bot.heartbeat"]
ENTRYPOINT ["/usr/bin/tini", "--", "frontline"]
CMD ["serve"]
