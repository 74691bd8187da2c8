"""What every page shares: the store (opened once), cached reads, pickers and error display.

Settings enter here and nowhere else: ``st.secrets`` (``CHAINKG_STORE``, ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``, ``CHAINKG_REGION``, ``CHAINKG_CHAIN``,
``CHAINKG_ISSUER``), then the environment, then the defaults. Cached readers take the store
as ``_store`` (not hashed) and the store spec as an ordinary argument, so two stores never
share a cache entry.

The chain, region and segment a user picks are remembered across pages (session state) and
written to the address (``?chain=…&region=…&segment=…``), so a copied link opens the same view.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from contextlib import contextmanager

import streamlit as st

from chainkg.contract.errors import ChainkgError
from chainkg.exports.map_html import prepare_renderer
from chainkg.graph.analysis import browse, overview
from chainkg.graph.analysis.chains import list_chains, list_regions
from chainkg.graph.analysis.model import GapConfig
from chainkg.graph.analysis.names import busiest_region, match_key
from chainkg.graph.analysis.recommend import recommend
from chainkg.graph.analysis.status import chain_map as analyse_chain_map
from chainkg.graph.store import DEFAULT_STORE, open_store

log = logging.getLogger("chainkg.app")
CACHE_TTL_S = 600  # a CLI ingest shows up in the app within ten minutes at the latest
SETTINGS = ("CHAINKG_STORE", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "CHAINKG_REGION",
            "CHAINKG_CHAIN", "CHAINKG_ISSUER",
            "NEO4J_CONSOLE_USER", "NEO4J_CONSOLE_PASSWORD", "CHAINKG_USERS_FILE", "CHAINKG_AUTH_KEY")
# What a message must not show a user of the app: file and socket paths, server addresses.
_PATH = re.compile(r"[A-Za-z][\w+.-]*://[^\s'\"，,;；)）]+|(?:[A-Za-z]:)?[/\\][^\s'\"“”：，,;；)）]+")


def setting(name: str, default: str | None = None) -> str | None:
    """A setting from st.secrets, else the environment, else ``default``."""
    try:
        if name in st.secrets:
            return str(st.secrets[name])
    except Exception:  # no secrets.toml at all is the normal case, not an error
        pass
    return os.environ.get(name) or default


def issuer() -> str:
    """The unit that issues the briefings (编制单位), e.g. 衢州市投资促进中心; empty when unset."""
    return setting("CHAINKG_ISSUER", "") or ""


def store_spec() -> str:
    """The spec of the store this app shows: embedded:PATH or a bolt:// URI."""
    return setting("CHAINKG_STORE", DEFAULT_STORE)


@st.cache_resource(show_spinner="正在连接图数据库…")
def _open(spec: str, user: str, password: str, database: str | None):
    return open_store(spec, user=user, password=password, database=database)


@st.cache_resource
def warm_up() -> None:
    """Once a server process: prepare the map renderer in the background, off every page's path."""
    threading.Thread(target=prepare_renderer, name="chainkg-warm-up", daemon=True).start()


def get_store():
    """The open store, shared by every session and page of this server process."""
    return _open(store_spec(), setting("NEO4J_USER", "neo4j"), setting("NEO4J_PASSWORD", ""),
                 setting("NEO4J_DATABASE"))


def get_console_store():
    """The store the console reads through: on Neo4j as NEO4J_CONSOLE_USER when set (give that
    user the built-in reader role on Enterprise or Aura), else the app's own connection."""
    user = setting("NEO4J_CONSOLE_USER")
    if not user or not store_spec().split("://", 1)[0].startswith(("bolt", "neo4j")):
        return get_store()
    return _open(store_spec(), user, setting("NEO4J_CONSOLE_PASSWORD", ""), setting("NEO4J_DATABASE"))


def public_message(message: str) -> str:
    """``message`` without file paths, socket paths or server addresses."""
    return _PATH.sub("…", message)


@contextmanager
def friendly_errors(what: str = "操作"):
    """Show a ChainkgError as st.error, anything else as a short message: never a traceback."""
    try:
        yield
    except ChainkgError as exc:
        log.warning("%s failed: %s", what, exc)
        st.error(f"{what}失败：{public_message(str(exc))}")
    except Exception as exc:  # a bug: log it for us, tell the user briefly
        log.exception("unexpected error in %s", what)
        st.error(f"{what}时出现意外错误（{type(exc).__name__}）。请联系管理员查看日志。")


def clear_caches() -> None:
    """Forget cached query results after this app wrote to the store."""
    st.cache_data.clear()


# --------------------------------------------------------------------------
# Cached reads: each is keyed by the store spec and its inputs


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def chains(_store, spec: str) -> list[dict]:
    return list_chains(_store)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def regions(_store, spec: str) -> list[dict]:
    return list_regions(_store)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def default_region(_store, spec: str) -> str | None:
    return busiest_region(_store)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner="正在分析产业链…")
def chain_map(_store, spec: str, chain: str, region: str, pending: bool = True):
    return analyse_chain_map(_store, chain, region, GapConfig(include_pending=int(pending)))


@st.cache_data(ttl=CACHE_TTL_S, show_spinner="正在计算推荐企业…")
def recommendations(_store, spec: str, chain: str, region: str, segment: str | None, top: int,
                    pending: bool = True):
    return recommend(_store, chain, region, segment=segment, top=top,
                     config=GapConfig(include_pending=int(pending)))


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def label_counts(_store, spec: str) -> tuple[dict[str, int], int]:
    return overview.label_counts(_store), overview.relationship_total(_store)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def document_counts(_store, spec: str) -> dict[str, int]:
    return overview.document_counts(_store)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def latest_documents(_store, spec: str) -> list[dict]:
    return overview.latest_documents(_store)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def last_load(_store, spec: str) -> list[dict]:
    return overview.last_load(_store)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def find_companies(_store, spec: str, text: str) -> list[dict]:
    return browse.find_companies(_store, text)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def company(_store, spec: str, key: str) -> tuple[list[dict], list[dict]]:
    """A company's relations and the segments its products belong to."""
    return browse.company_relations(_store, key), browse.company_segments(_store, key)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def segment_evidence(_store, spec: str, segment: str, names: tuple[str, ...]) -> list[dict]:
    return browse.segment_evidence(_store, segment, list(names))


# --------------------------------------------------------------------------
# Pickers shared by the map, gaps and export pages: remembered and in the address


def pick_chain_and_region(store, page: str) -> tuple[str, str, str] | None:
    """Chain and region select boxes; returns (chain key, chain name, region) or None when empty.

    Each starts on, in this order: the address (``?chain=锂电池&region=衢州``; names, aliases and
    keys are read), what the user picked on another page, the settings CHAINKG_CHAIN and
    CHAINKG_REGION, then the first chain and the city with the most companies.
    """
    spec = store_spec()
    chain_rows = chains(store, spec)
    region_names = [r["name"] for r in regions(store, spec)]
    if not chain_rows or not region_names:
        st.info("图谱中还没有产业链或地区。请先运行 `chainkg chains load` 和 "
                "`chainkg ingest corpora/`。")
        return None
    names = {row["key"]: row["name"] for row in chain_rows}
    candidates = [(row["key"], [row["name"], *row["aliases"]]) for row in chain_rows]
    left, right = st.columns(2)
    with left:
        chain = remembered_select(
            "产业链", "chain", list(names), page, format_func=names.get,
            read=lambda text: match_key(text, candidates),
            fallback=lambda: match_key(setting("CHAINKG_CHAIN") or "", candidates))
    with right:
        region = remembered_select(
            "地区", "region", region_names, page, read=lambda text: _region_named(region_names, text),
            fallback=lambda: _region_named(region_names, setting("CHAINKG_REGION"))
            or default_region(store, spec))
    return chain, names[chain], region


def remembered_select(label: str, name: str, options: list[str], page: str, *, format_func=str,
                      read=lambda text: text, fallback=lambda: None, widget_key: str | None = None):
    """A select box whose choice is remembered across pages and kept in the address as ``name``.

    ``read`` turns the address's text into an option (or None); ``fallback`` gives the option to
    start on when neither the address nor the session has one.
    """
    widget = prepare_select(name, options, page, read=read, fallback=fallback, widget_key=widget_key)
    value = st.selectbox(label, options, key=widget, format_func=format_func)
    remember(name, value)
    return value


def prepare_select(name: str, options: list[str], page: str, *, read=lambda text: text,
                   fallback=lambda: None, widget_key: str | None = None) -> str:
    """Put the choice a remembered select box starts on into its state now (so what is drawn
    above the box can show it); returns the box's widget key."""
    widget = widget_key or f"{page}-{name}"
    if st.session_state.get(widget) not in options:
        st.session_state[widget] = _start_value(name, options, read, fallback)
    return widget


def remember(name: str, value: str | None) -> None:
    """Keep ``value`` as the choice of ``name`` for the other pages and in the address."""
    st.session_state[f"picked-{name}"] = value
    if value is None:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def remembered(name: str) -> str | None:
    """What the user last picked for ``name`` on any page (None when nothing yet)."""
    return st.session_state.get(f"picked-{name}")


def _start_value(name: str, options: list[str], read, fallback) -> str:
    for candidate in (read(st.query_params.get(name) or ""), remembered(name), fallback()):
        if candidate in options:
            return candidate
    return options[0]


def _region_named(names: list[str], wanted: str | None) -> str | None:
    """The region ``wanted`` names: itself, or its city (衢州 -> 衢州市)."""
    for candidate in (wanted, f"{wanted}市" if wanted else None):
        if candidate in names:
            return candidate
    return None
