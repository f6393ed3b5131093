"""The error every area's validation raises: field name -> what is wrong, in plain words."""

from __future__ import annotations


class ValidationError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
