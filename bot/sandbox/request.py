"""The in-process transport: python-telegram-bot's BaseRequest answered by the world."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.sandbox.refusals import ApiError
from bot.sandbox.world import Call

if TYPE_CHECKING:
    from bot.sandbox.world import World


def envelope_error(code: int, description: str, parameters: dict[str, Any] | None = None) -> bytes:
    """Telegram's error body."""
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return json.dumps(body).encode()


async def answer(world: World, method: str, params: dict[str, Any]) -> tuple[int, bytes]:
    """Run one call against the world: faults first, then the method, recorded in world.calls."""
    fault = world.faults.pick(method, params)
    if fault is not None:
        world.calls.append(
            Call(
                method,
                params,
                False,
                error_code=_fault_code(fault.kind),
                description=f"injected {fault.kind}",
            )
        )
        if fault.kind == "timeout":
            raise TimedOut("sandbox: injected timeout")
        if fault.kind == "reset":
            raise NetworkError("sandbox: injected connection reset")
        if fault.kind == "429":
            return 429, envelope_error(
                429,
                f"Too Many Requests: retry after {fault.retry_after}",
                {"retry_after": fault.retry_after},
            )
        if fault.kind == "5xx":
            return 502, envelope_error(502, "Bad Gateway")
        chat = str(params.get("chat_id", ""))
        reason = (
            "bot was blocked by the user"
            if not chat.startswith("-")
            else "bot was kicked from the supergroup chat"
        )
        return 403, envelope_error(403, f"Forbidden: {reason}")
    try:
        result = await world.api.call(method, params)
    except ApiError as exc:
        world.calls.append(
            Call(method, params, False, error_code=exc.code, description=exc.description)
        )
        return exc.code, envelope_error(exc.code, exc.description, exc.parameters)
    world.calls.append(Call(method, params, True, result=result))
    return 200, json.dumps({"ok": True, "result": result}).encode()


def _fault_code(kind: str) -> int:
    return {"429": 429, "5xx": 502, "403": 403}.get(kind, 0)


class SandboxRequest(BaseRequest):
    """Hands every Bot API call python-telegram-bot makes to the sandbox world."""

    def __init__(self, world: World) -> None:
        self.world = world

    @property
    def read_timeout(self) -> float | None:
        """No network, so no read timeout beyond what getUpdates asks for."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer one call as Telegram would."""
        token_and_method = url.rsplit("/bot", 1)[-1]
        token, _, api_method = token_and_method.partition("/")
        if token != self.world.token:
            return 401, envelope_error(401, "Unauthorized")
        params = dict(request_data.parameters) if request_data is not None else {}
        if request_data is not None and request_data.contains_files:
            for name, part in request_data.multipart_data.items():
                params.setdefault(name, {"upload": part[0], "bytes": part[1]})
        return await answer(self.world, api_method, params)
