"""The simulated API server: decoding, validation, defaulting, admission and authorization."""
