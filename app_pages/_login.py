"""Login and roles for the app: streamlit-authenticator over the users file (app_pages/_users.py).

Why streamlit-authenticator and not Streamlit's own ``st.login``: ``st.login`` needs an
OpenID Connect provider (client id, secret, discovery URL reachable from the server); a
bureau's intranet often has none, or none the app may register with, and the app must also
run with no network at all. streamlit-authenticator checks bcrypt hashes from a local file
and signs a re-login cookie with ``CHAINKG_AUTH_KEY``, so it needs nothing outside the
server. Where an OIDC provider exists, st.login can replace this module (README).

Without a users file the app serves one local user with the editor role, and only while it
listens on 127.0.0.1: bound to any other address it refuses to show anything until users
are added (``chainkg users add``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import streamlit as st
import streamlit_authenticator as stauth

from chainkg.app_pages import _shared as shared
from chainkg.app_pages._users import DEFAULT_USERS_FILE, LOCAL_ADDRESSES, load_users, role_of

LOCAL_USER = "local"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    role: str  # viewer | editor

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


def users_file() -> str:
    return shared.setting("CHAINKG_USERS_FILE", DEFAULT_USERS_FILE)


def _address() -> str:
    return str(st.get_option("server.address") or "")


@st.cache_resource
def _fallback_key() -> str:
    # Without CHAINKG_AUTH_KEY the re-login cookie is signed with a key of this server
    # process: a restart logs everyone out, which is safe.
    return secrets.token_hex(32)


def login() -> User | None:
    """The user of this session after the login form, or None while nobody is logged in."""
    credentials = load_users(users_file())
    if not credentials["usernames"]:
        if _address() in LOCAL_ADDRESSES:
            return User(LOCAL_USER, "本机用户", "editor")
        st.error("应用正在局域网地址上提供服务，但还没有配置用户。请管理员运行 "
                 "`chainkg users add 用户名 --role viewer|editor` 后再访问。")
        return None
    authenticator = stauth.Authenticate(
        credentials, "chainkg_login", shared.setting("CHAINKG_AUTH_KEY") or _fallback_key(),
        cookie_expiry_days=1, auto_hash=False)
    st.session_state["chainkg_authenticator"] = authenticator
    try:
        authenticator.login(location="main", fields={
            "Form name": "登录 产业链招商图谱", "Username": "用户名", "Password": "密码", "Login": "登录"})
    except Exception:  # a damaged cookie or users file: ask for the password again
        st.error("登录失败，请重新输入用户名和密码。")
        return None
    if st.session_state.get("authentication_status") is False:
        st.error("用户名或密码不正确。")
    if not st.session_state.get("authentication_status"):
        return None
    username = st.session_state.get("username") or ""
    role = role_of(credentials["usernames"].get(username, {}).get("roles"))
    if role is None:
        st.error("这个账号没有可用的角色，请联系管理员。")
        return None
    user = User(username, st.session_state.get("name") or username, role)
    st.session_state["chainkg_user"] = user
    return user


def current_user() -> User:
    """The logged-in user (the router logs in before any page runs)."""
    user = st.session_state.get("chainkg_user")
    return user if isinstance(user, User) else User(LOCAL_USER, "本机用户", "editor")


def logout_button() -> None:
    authenticator = st.session_state.get("chainkg_authenticator")
    user = st.session_state.get("chainkg_user")
    if authenticator is None or user is None:
        return
    with st.sidebar:
        st.caption(f"{user.name}（{'编辑' if user.can_edit else '查看'}）")
        authenticator.logout("退出登录", location="sidebar", key="chainkg-logout")
