# Memory Maker in a container: the README's own set-up (scripts/setup: a venv with requirements.txt),
# run as a non-root user with the SQLite database on the /data volume. Offline unless OPENAI_* is set.
#   docker build -t memory-maker .
#   docker run -p 7860:7860 -v memory-maker-data:/data memory-maker
FROM python:3.11-slim

# espeak-ng reads books aloud offline; the PDFs embed the fonts in engine/export/fonts, DejaVu covers the rest.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends espeak-ng fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app \
    && mkdir -p /app /data \
    && chown app:app /app /data
WORKDIR /app
USER app
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Exactly the README's set-up step; copied on its own first so this layer is rebuilt only when
# requirements.txt changes.
COPY --chown=app:app requirements.txt ./
COPY --chown=app:app scripts/setup scripts/setup
RUN bash scripts/setup

COPY --chown=app:app . .

# GRADIO_SERVER_PORT is left unset on purpose: then PORT (set by many hosts) chooses the port, else 7860.
ENV DATA_DIR=/data \
    GRADIO_SERVER_NAME=0.0.0.0 \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 7860

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD [".venv/bin/python", "-c", "import os, urllib.request; port = os.environ.get('GRADIO_SERVER_PORT') or os.environ.get('PORT') or '7860'; urllib.request.urlopen(f'http://127.0.0.1:{port}/health', timeout=4)"]

CMD [".venv/bin/python", "app.py"]
