"""HCSC onboarding: the PDB lookup, tabs, fees and E&O rules, the home office review."""
