"""Connect the API server's stages: defaulting and validation per kind."""

from . import defaults, validation


def connect(api) -> None:
    api.default = defaults.apply_defaults
    api.validate = validation.validate
    api.validate_update = validation.validate_update
