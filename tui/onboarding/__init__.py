"""HCSC onboarding screens: login, case home, PDB lookup, tabs, review."""
