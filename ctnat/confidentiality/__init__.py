"""Confidentiality: the name screen for everything quoted or excerpted, and the
assessor's review of withheld quotes (see :mod:`.screen` and :mod:`.quotes`)."""

from .quotes import (
           QuoteGate,
           personal_header_values,
           quote_id,
           read_decisions,
           screen_inputs,
)
from .screen import NameFingerprints, NameScreen, heuristic_reason

__all__ = ["NameFingerprints", "NameScreen", "QuoteGate", "heuristic_reason", "personal_header_values", "quote_id",
           "read_decisions", "screen_inputs"]
