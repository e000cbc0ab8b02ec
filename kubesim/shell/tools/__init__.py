"""The learner's workstation tools, one module per tool or small family.

`workstation_registry()` builds a registry with the shell builtins and every tool; other parts
of the simulator add theirs (`kubectl`, `curl`, ...) to a copy of it.
"""

from __future__ import annotations

from ..registry import CommandRegistry
from . import awk, basic, builtins, conditions, files, grep, misc, sed, text, timekeeping

MODULES = (builtins, basic, conditions, files, text, grep, sed, awk, misc, timekeeping)


def workstation_registry() -> CommandRegistry:
    registry = CommandRegistry()
    for module in MODULES:
        module.register(registry)
    return registry
