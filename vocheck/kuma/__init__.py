"""Kuma's own rules, restated: spec decoding, validation and template evaluation."""
