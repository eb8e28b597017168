"""The same sandbox over HTTP on 127.0.0.1, for black-box runs of `steward run`.

Serves `POST /bot<TOKEN>/<method>` with form-encoded (values JSON-encoded, as python-telegram-bot
sends them), multipart or JSON bodies, and pushes updates to a webhook set with setWebhook.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any

import httpx
import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.sandbox.request import answer, envelope_error

if TYPE_CHECKING:
    from bot.sandbox.world import World

log = logging.getLogger(__name__)


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, world: World) -> None:
        self.world = world

    def check_xsrf_cookie(self) -> None:
        return None

    async def post(self, token: str, method: str) -> None:
        await self._serve(token, method)

    async def get(self, token: str, method: str) -> None:
        await self._serve(token, method)

    async def _serve(self, token: str, method: str) -> None:
        self.set_header("Content-Type", "application/json")
        if token != self.world.token:
            self.set_status(401)
            self.finish(envelope_error(401, "Unauthorized"))
            return
        params: dict[str, Any] = {}
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and self.request.body:
            try:
                params = dict(json.loads(self.request.body))
            except ValueError:
                self.set_status(400)
                self.finish(envelope_error(400, "Bad Request: invalid JSON body"))
                return
        else:
            for name, values in self.request.arguments.items():
                params[name] = _decode(values[-1].decode("utf-8"))
            for name, files in self.request.files.items():  # multipart uploads (sendPhoto)
                params.setdefault(name, {"upload": files[-1].filename, "bytes": files[-1].body})
        status, body = await answer(self.world, method, params)
        self.set_status(status)
        self.finish(body)


class SandboxServer:
    """Serves a world's Bot API on loopback; `base_url` is for ApplicationBuilder.base_url."""

    def __init__(self, world: World, host: str = "127.0.0.1", port: int = 0) -> None:
        self.world = world
        self.host = host
        self.port = port
        self._server: tornado.httpserver.HTTPServer | None = None
        self._pusher: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    @property
    def base_url(self) -> str:
        """The Bot API base URL of this server."""
        return f"http://{self.host}:{self.port}/bot"

    async def __aenter__(self) -> SandboxServer:
        app = tornado.web.Application(
            [(r"/bot([^/]+)/([A-Za-z]+)", _MethodHandler, {"world": self.world})]
        )
        sockets = tornado.netutil.bind_sockets(self.port, self.host)
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.add_sockets(sockets)
        self.world.on_update(self._wake.set)
        self._pusher = asyncio.create_task(self._push_webhooks())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._pusher is not None:
            self._pusher.cancel()
            try:
                await self._pusher
            except asyncio.CancelledError:
                pass
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    async def _push_webhooks(self) -> None:
        """Deliver queued updates to the webhook, with its secret header, while one is set."""
        async with httpx.AsyncClient(timeout=10) as client:
            while True:
                await self._wake.wait()
                self._wake.clear()
                hook = self.world.api.webhook
                while hook.get("url") and self.world.queue:
                    update = self.world.queue[0]
                    headers = {"Content-Type": "application/json"}
                    if hook.get("secret_token"):
                        headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
                    try:
                        reply = await client.post(
                            hook["url"], content=json.dumps(update), headers=headers
                        )
                    except httpx.HTTPError as exc:
                        log.info("webhook push failed: %s; retrying", exc)
                        await asyncio.sleep(0.2)
                        continue
                    if reply.status_code >= 400:
                        log.info("webhook answered %s; retrying", reply.status_code)
                        await asyncio.sleep(0.2)
                        continue
                    self.world.queue.popleft()
                    hook = self.world.api.webhook
