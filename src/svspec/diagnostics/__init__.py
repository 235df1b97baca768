"""Diagnostics: the values that tell a spec author or bidder what to fix."""

from svspec.diagnostics.core import Diagnostic, Related, Severity, Span, Spec
from svspec.diagnostics.messages import make
from svspec.diagnostics.registry import REGISTRY

__all__ = ["REGISTRY", "Diagnostic", "Related", "Severity", "Span", "Spec", "make"]
