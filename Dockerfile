# Steward: a slim, non-root image; the database lives on the /data volume.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY policies ./policies
RUN python -m venv /opt/steward \
 && /opt/steward/bin/pip install --upgrade pip \
 && /opt/steward/bin/pip install .

FROM python:3.11-slim
ENV PATH=/opt/steward/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/steward.sqlite3
# A font that draws Chinese, for the weekly digest's chart in Chinese groups.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system steward \
 && useradd --system --gid steward --home-dir /data --shell /usr/sbin/nologin steward \
 && mkdir -p /data && chown steward:steward /data
COPY --from=build /opt/steward /opt/steward
USER steward
WORKDIR /data
VOLUME ["/data"]
# Webhook mode listens here (set LISTEN=0.0.0.0:8080 and WEBHOOK_URL); polling needs no port.
EXPOSE 8080
CMD ["steward", "run"]
