"""JSON Schemas for the Kuma resources vocheck reads, shipped as package data."""
