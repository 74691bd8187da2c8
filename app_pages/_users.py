"""Who may use the app, and with which role: a users file the app's login reads.

The file is streamlit-authenticator's credentials format (YAML), so the login widget reads
it as it is; passwords are stored as bcrypt hashes, never in clear::

    usernames:
      zhangsan:
        name: 张三
        password: $2b$12$…          # written by `chainkg users add zhangsan --role editor`
        roles: [editor]

Roles: ``viewer`` reads every page and downloads exports; ``editor`` also uploads documents
and adds them to the graph (and takes review decisions). The console is read-only for both.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import bcrypt
import yaml

from chainkg.contract.errors import ChainkgError

ROLES = ("viewer", "editor")
DEFAULT_USERS_FILE = ".chainkg/users.yaml"
LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")


class UsersError(ChainkgError):
    """The users file cannot be read, or a user or role is not acceptable."""


def load_users(path: str | Path) -> dict:
    """The credentials of ``path`` (``{"usernames": {...}}``); an empty set when it does not exist."""
    path = Path(path)
    if not path.exists():
        return {"usernames": {}}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise UsersError(f"{path.name}: cannot read the users file ({type(exc).__name__})") from None
    users = data.get("usernames") or {}
    for name, user in users.items():
        roles = user.get("roles") or []
        if not user.get("password") or not set(roles) <= set(ROLES) or not roles:
            raise UsersError(f"{path.name}: user {name!r} needs a password hash and roles "
                             f"from {', '.join(ROLES)}")
    return {"usernames": users}


def add_user(path: str | Path, username: str, password: str, role: str, name: str = "") -> None:
    """Add or replace ``username`` with a bcrypt hash of ``password``; the file is owner-only."""
    if role not in ROLES:
        raise UsersError(f"role {role!r}: use one of {', '.join(ROLES)}")
    if not username.strip() or len(password) < 8:
        raise UsersError("a user needs a name and a password of 8 characters at least")
    path = Path(path)
    users = load_users(path)
    hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")
    users["usernames"][username] = {"name": name or username, "password": hashed, "roles": [role]}
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        yaml.safe_dump(users, handle, allow_unicode=True, sort_keys=True)
    path.chmod(0o600)


def role_of(roles: list[str] | None) -> str | None:
    """The strongest role in ``roles`` (editor over viewer), or None."""
    roles = roles or []
    return "editor" if "editor" in roles else "viewer" if "viewer" in roles else None


def upload_id(uploader: str, data: bytes) -> str:
    """An upload's document id: its content and who uploaded it, never its file name alone,
    so two users' different 报告.txt are two documents, and one user's same file is one."""
    digest = hashlib.sha256(uploader.encode("utf-8") + b"\0" + data)
    return "upload:" + digest.hexdigest()[:16]
