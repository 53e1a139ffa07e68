"""How a request ended – its status and duration – for the access log and the metrics."""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Ended:
    status: int  # 499: the client went away; 500: an exception no middleware turned into a response
    seconds: float


async def observed(request: web.Request, handler: Handler,
                   record: Callable[[web.Request, Ended], None]) -> web.StreamResponse:
    """Runs the handler and hands `record` how the request ended, whatever happened."""
    start = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    except asyncio.CancelledError:
        status = 499
        raise
    finally:
        record(request, Ended(status, time.perf_counter() - start))
