"""argon2: hash and verify with the production SecretHasher(fast=False), and memory per hash.

Peak memory per hash: this process's peak RSS (getrusage) before and after one hash, taken first,
in a fresh process, so nothing else has raised the peak yet. One hash at a time; concurrent logins
each need as much again.
"""

from __future__ import annotations

import resource
import time

from bench.common import emit, median, note, quick_flag


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(quick: bool) -> None:
    from core.kernel.hashing import SecretHasher

    runs = 3 if quick else 10
    hasher = SecretHasher(fast=False)
    params = hasher._ph  # the PasswordHasher behind it: report what production really uses
    note(f"argon2id t={params.time_cost} m={params.memory_cost} KiB p={params.parallelism}; "
         f"median of {runs}")
    before = peak_rss_mib()
    hashed = hasher.hash("Bench#2026 password")
    emit("argon2_peak_mem_per_hash", peak_rss_mib() - before, "MiB")

    hash_times, verify_times = [], []
    for index in range(runs):
        start = time.perf_counter()
        hasher.hash(f"Bench#2026 password {index}")
        hash_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        ok = hasher.verify(hashed, "Bench#2026 password")
        verify_times.append((time.perf_counter() - start) * 1000)
        assert ok
    emit("argon2_hash_median", median(hash_times), "ms")
    emit("argon2_verify_median", median(verify_times), "ms")


if __name__ == "__main__":
    main(quick_flag())
