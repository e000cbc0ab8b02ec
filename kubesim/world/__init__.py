"""The default world: what a fresh `kind` cluster holds at time zero (DESIGN.md)."""

from .build import build_world

__all__ = ["build_world"]
