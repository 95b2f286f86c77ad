"""The producer portal: delegates, one-time codes, typing pattern, devices, support."""
