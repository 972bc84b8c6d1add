"""The focal-point upload portal."""

from .app import create_app
from .users import add_user, authenticate, revoke_user

__all__ = ["add_user", "authenticate", "create_app", "revoke_user"]
