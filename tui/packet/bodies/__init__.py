"""Step bodies: what a step shows, hosted by the wizard or by the tabs."""
