"""The municipal server's HTTP API (FastAPI). Stateless: all state is in the database."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.profile import Profile, load_profile
from sync.protocol import (
    BLOB_CHUNK,
    DEVICE_HEADER,
    E_INVALID,
    E_PROTOCOL,
    PROTOCOL_HEADER,
    PROTOCOL_MAX,
    PROTOCOL_MIN,
)
from sync.server import audit, auth, blobs, handover, pull, push
from sync.server.auth import SignedDevice, SignedUser
from sync.server.db import make_engine, schema_is_current, session_factory
from sync.server.errors import ApiError
from sync.server.gzip_body import GzipRoute
from sync.server.limits import BodyLimit
from sync.server.models import Setting, User
from sync.server.replies import json_reply
from sync.server.schemas import (
    AuditReply,
    AuditRequest,
    BlobStatus,
    CaseloadIdsReply,
    CaseloadReply,
    ErrorReply,
    Hello,
    LoginReply,
    LoginRequest,
    ProfileReply,
    PullReply,
    PullRequest,
    PushReply,
    PushRequest,
    RecordsReply,
    RecordsRequest,
    UserInfo,
)
from sync.server.sync_requests import (
    Credentials,
    pull_request,
    push_request,
    scope_of,
    signed_in,
    with_retries,
)

log = logging.getLogger("kujdes.server")
THREADS = 8  # request threads per server process (see _lifespan)
IDLE_ENV = "KUJDES_TOKEN_IDLE_DAYS"
ERROR = {"model": ErrorReply}
# Every code a route can answer besides its success, for the published OpenAPI schema.
COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {**ERROR, "description": "Invalid request, missing protocol or device header"},
    401: {**ERROR, "description": "No valid session (sign in again)"},
    403: {**ERROR, "description": "Revoked laptop, disabled user, or out of scope"},
    413: {**ERROR, "description": "Body over 32 MiB, as sent or decompressed"},
    422: {**ERROR, "description": "The body does not follow the schema"},
    426: {**ERROR, "description": "Unsupported protocol version"},
}
BLOB_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {**ERROR, "description": "The server does not hold this content yet"},
    409: {**ERROR, "description": "The chunk does not start where the upload stands"},
}


@dataclass
class ServerState:
    engine: Engine
    sessions: sessionmaker[Session]  # reads (on SQLite, beside a writer)
    writer: sessionmaker[Session]  # write transactions
    profile: Profile
    municipality: str
    country: str
    limits: auth.LoginLimits


def load_state(db_url: str, limits: auth.LoginLimits | None = None) -> ServerState:
    engine = make_engine(db_url)
    # Reads on PostgreSQL run statement by statement (each its own snapshot, as READ
    # COMMITTED gives anyway), without a BEGIN and a COMMIT round trip around them.
    reader = make_engine(db_url, immediate=False) if engine.dialect.name == "sqlite" else \
        make_engine(db_url, autocommit=True)
    if not schema_is_current(engine):
        raise RuntimeError("The database is not initialised or not up to date: run "
                           "'kujdes-server init --municipality NAME' first.")
    sessions = session_factory(reader)
    with sessions() as session:
        settings = {s.key: s.value for s in session.query(Setting)}
    if "municipality" not in settings:
        raise RuntimeError("No municipality set: run 'kujdes-server init --municipality NAME'.")
    country = settings.get("country", "AL")
    return ServerState(engine, sessions, session_factory(engine), load_profile(country),
                       settings["municipality"], country, limits or auth.LoginLimits())


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    # Requests beyond these threads wait their turn in the event loop, at no cost. More
    # threads would not run more Python at once (one interpreter lock per process), but would
    # make the thread holding the commit sequence's lock wait longer for its turn. With 200
    # laptops at once (bench/bench_sync.py), 6 to 8 threads beat 3, 12 and the default 40.
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


def create_app(db_url: str, limits: auth.LoginLimits | None = None) -> FastAPI:
    state = load_state(db_url, limits)
    app = FastAPI(title="Kujdes municipal server", version=f"protocol {PROTOCOL_MAX}",
                  description="Sync API for Kujdes laptops. See docs/sync-protocol.md.",
                  lifespan=_lifespan)
    app.state.kujdes = state
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    app.add_middleware(BodyLimit)
    _install_error_handlers(app)
    app.include_router(_router(state))
    return app


def app_from_environment() -> FastAPI:
    """The app for ``uvicorn --factory`` (each worker process builds its own)."""
    days = float(os.environ.get(IDLE_ENV) or auth.LoginLimits.token_idle_seconds / 86400)
    return create_app(os.environ["KUJDES_SERVER_DB"],
                      auth.LoginLimits(token_idle_seconds=int(days * 86400)))


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        refused = await _refused_sign_in(request)
        if refused is not None:   # a stranger learns nothing of the body's schema
            return JSONResponse(refused.body(), status_code=refused.status,
                                headers=refused.headers)
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return JSONResponse({"error": E_INVALID, "message": "; ".join(parts)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = "not_found" if exc.status_code == 404 else E_INVALID
        return JSONResponse({"error": code, "message": str(exc.detail)},
                            status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _crash(_request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error: %s", type(exc).__name__)
        return JSONResponse({"error": "server_error", "message": "The server failed; try "
                             "again later."}, status_code=500)


async def _refused_sign_in(request: Request) -> ApiError | None:
    """For a push or a pull whose body was refused (their sign-in is checked with their work,
    after the body): the sign-in's refusal, if it is refused."""
    if request.url.path.rsplit("/", 1)[-1] not in ("push", "pull"):
        return None
    state: ServerState = request.app.state.kujdes
    headers = request.headers

    def check() -> None:   # reads only: the token's last use is not noted for this
        with state.sessions() as session:
            auth.authenticate(session, headers.get("authorization"), headers.get(DEVICE_HEADER),
                              state.limits.token_idle_seconds)

    try:
        await run_in_threadpool(check)
    except ApiError as refusal:
        return refusal
    return None


async def _protocol(version: Annotated[str | None, Header(alias=PROTOCOL_HEADER)] = None
                    ) -> int:
    # async: a check of one header, run on the event loop rather than handed to a thread
    return _protocol_number(version)


def _protocol_number(version: str | None) -> int:
    if version is None or not version.strip().isdigit():
        raise ApiError(400, E_PROTOCOL, f"Send the protocol version in the {PROTOCOL_HEADER} "
                       "header.")
    number = int(version)
    if number < PROTOCOL_MIN:
        raise ApiError(426, E_PROTOCOL, f"This version of Kujdes (sync protocol {number}) is too "
                       f"old for the server, which needs protocol {PROTOCOL_MIN} or newer. "
                       "Update Kujdes on this laptop; nothing was sent or changed.")
    if number > PROTOCOL_MAX:
        raise ApiError(426, E_PROTOCOL, f"The server speaks sync protocol up to {PROTOCOL_MAX}, "
                       f"older than this Kujdes ({number}). Ask the administrator to update "
                       "the server.")
    return number


def _db(request: Request) -> Iterator[Session]:
    with request.app.state.kujdes.sessions() as session:
        yield session


DB = Annotated[Session, Depends(_db)]
Protocol = Annotated[int, Depends(_protocol)]



async def _credentials(version: Annotated[str | None, Header(alias=PROTOCOL_HEADER)] = None,
                       authorization: Annotated[str | None, Header()] = None,
                       device: Annotated[str | None, Header(alias=DEVICE_HEADER)] = None,
                       ) -> Credentials:
    # async: headers read on the event loop; the endpoint checks them in its own thread. The
    # protocol is checked here rather than in a dependency of its own: one dependency to
    # solve per request, not two nested.
    _protocol_number(version)
    return Credentials(authorization, device)


Sent = Annotated[Credentials, Depends(_credentials)]




def _caller(request: Request, session: DB, sent: Sent) -> tuple[SignedUser, SignedDevice]:
    return signed_in(request.app.state.kujdes, session, sent)


Caller = Annotated[tuple[SignedUser, SignedDevice], Depends(_caller)]
Sha = Annotated[str, Path(min_length=64, max_length=64, pattern=r"^[0-9a-fA-F]{64}$")]


def _router(state: ServerState) -> APIRouter:
    router = APIRouter(prefix="/api", route_class=GzipRoute, responses=COMMON_ERRORS)

    @router.get("/hello", response_model=Hello)
    def hello() -> dict[str, Any]:
        return {"protocol_min": PROTOCOL_MIN, "protocol_max": PROTOCOL_MAX,
                "municipality": state.municipality, "country": state.country}

    @router.post("/login", response_model=LoginReply, responses={
        429: {**ERROR, "description": "Too many failed sign-ins; see Retry-After"}})
    def login(body: LoginRequest, request: Request, version: Protocol) -> dict[str, Any]:
        address = request.client.host if request.client else "?"
        user, token = with_retries(state, lambda s: auth.login(
            s, body.username, body.password, body.device_id, body.device_name, address,
            state.limits))
        return {"token": token, "user": _user_info(user), "municipality": state.municipality,
                "country": state.country, "protocol": version}

    @router.post("/logout", status_code=204)
    def logout(_v: Protocol,
               authorization: Annotated[str | None, Header()] = None) -> Response:
        with_retries(state, lambda s: auth.logout(s, authorization))
        return Response(status_code=204)

    @router.get("/me", response_model=UserInfo)
    def me(who: Caller) -> dict[str, Any]:
        return _user_info(who[0])

    # The two requests every sync sends: async, their whole work (the sign-in check
    # included) done in one turn of a request thread rather than one per dependency.
    @router.post("/push", response_model=PushReply, response_model_exclude_none=True)
    async def push_changes(body: PushRequest, sent: Sent) -> Response:
        return await run_in_threadpool(push_request, state, sent, body)

    @router.post("/pull", response_model=PullReply)
    async def pull_records(body: PullRequest, sent: Sent) -> Response:
        return await run_in_threadpool(pull_request, state, sent, body)

    @router.get("/caseload", response_model=CaseloadReply)
    def caseload(who: Caller, session: DB) -> dict[str, Any]:
        return pull.caseload(session, scope_of(state, who[0]), state.profile)

    @router.get("/caseload/ids", response_model=CaseloadIdsReply)
    def caseload_ids(who: Caller, session: DB) -> dict[str, Any]:
        return pull.caseload_ids(session, scope_of(state, who[0]), state.profile)

    @router.post("/records", response_model=RecordsReply)
    def records(body: RecordsRequest, who: Caller, session: DB) -> Response:
        return json_reply(pull.records_by_id(session, scope_of(state, who[0]), state.profile,
                                             body.ids), RecordsReply)

    @router.post("/audit", response_model=AuditReply, responses={
        409: {**ERROR, "description": "The entries do not continue the chain the server holds"}})
    def audit_entries(body: AuditRequest, who: Caller) -> dict[str, Any]:
        entries = [e.model_dump() for e in body.entries]
        return with_retries(state, lambda s: audit.append(s, who[0].username, who[1].id,
                                                           body.chain, entries))

    @router.get("/profile", response_model=ProfileReply)
    def profile(_who: Caller) -> dict[str, Any]:
        text = state.profile.path.read_text(encoding="utf-8")
        return {"country": state.country, "text": text,
                "sha256": hashlib.sha256(text.encode()).hexdigest()}

    @router.get("/blobs/{sha}", response_model=BlobStatus, response_model_exclude_none=True,
                responses=BLOB_ERRORS)
    def blob_status(sha: Sha, who: Caller, session: DB) -> dict[str, Any]:
        return blobs.status(session, scope_of(state, who[0]), state.profile, sha)

    @router.put("/blobs/{sha}", response_model=BlobStatus, response_model_exclude_none=True,
                responses=BLOB_ERRORS,
                openapi_extra={"requestBody": {"required": True, "content": {
                    "application/octet-stream": {"schema": {"type": "string",
                                                            "format": "binary"}}}}})
    async def blob_upload(sha: Sha, request: Request, who: Caller,
                          offset: Annotated[int, Query(ge=0)],
                          total: Annotated[int, Query(ge=1)]) -> dict[str, Any]:
        data = await request.body()
        if len(data) > 4 * BLOB_CHUNK:
            raise ApiError(413, E_INVALID, f"send chunks of at most {4 * BLOB_CHUNK} bytes")
        def work(session: Session) -> dict[str, Any]:
            result = blobs.upload_chunk(session, scope_of(state, who[0]), state.profile, sha,
                                        offset, total, data)
            session.commit()
            return result

        return await run_in_threadpool(with_retries, state, work)

    @router.get("/blobs/{sha}/content", response_class=Response,
                responses={200: {"content": {"application/octet-stream": {}}}, **BLOB_ERRORS})
    def blob_download(sha: Sha, who: Caller, session: DB,
                      offset: Annotated[int, Query(ge=0)] = 0,
                      length: Annotated[int, Query(ge=1, le=4 * BLOB_CHUNK)] = BLOB_CHUNK,
                      ) -> Response:
        data, size = blobs.download(session, scope_of(state, who[0]), state.profile, sha,
                                    offset, length)
        return Response(data, media_type="application/octet-stream",
                        headers={"Kujdes-Size": str(size)})

    handover.add_routes(router, Caller, DB, lambda who: push.PushContext(
        scope_of(state, who[0]), who[1].id, state.profile, state.municipality),
        lambda work: with_retries(state, work))
    return router



def _user_info(user: SignedUser | User) -> dict[str, Any]:
    return {"username": user.username, "full_name": user.full_name, "role": user.role,
            "units": list(user.units or [])}
