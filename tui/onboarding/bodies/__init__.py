"""HCSC onboarding's own bodies, registered by the names its declaration gives (`body = "onboarding.x"`)."""

from tui.onboarding.bodies import appointments, licenses, pdb_lookup

__all__ = ["appointments", "licenses", "pdb_lookup"]
