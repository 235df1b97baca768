"""Bids: the data a supplier returns, read safely and validated against a tender."""
