"""Password policies as data (per program), checked rule by rule so screens can show each one."""

from __future__ import annotations

from dataclasses import dataclass

from core.identity.policy import PasswordPolicy


@dataclass(frozen=True)
class RuleResult:
    text: str
    ok: bool


def password_rules(policy: PasswordPolicy, password: str, username: str = "") -> list[RuleResult]:
    """Every rule of the policy, in the seed's wording, with whether `password` meets it."""
    results = [
        RuleResult(
            f"Password must be at least {policy.min_length} characters long.",
            len(password) >= policy.min_length,
        )
    ]
    if policy.require_any_class:
        results.append(
            RuleResult(
                "Password must contain at least one digit, lower-case or upper-case letter.",
                any(c.isdigit() or c.isalpha() for c in password),
            )
        )
    if policy.require_digit:
        results.append(
            RuleResult(
                "Password must contain at least one numeric character.",
                any(c.isdigit() for c in password),
            )
        )
    if policy.require_lower:
        results.append(
            RuleResult(
                "Password must contain at least one lower case letter.",
                any(c.islower() for c in password),
            )
        )
    if policy.require_upper:
        results.append(
            RuleResult(
                "Password must contain at least one upper case letter.",
                any(c.isupper() for c in password),
            )
        )
    if policy.forbid_username and username:
        results.append(
            RuleResult(
                "Password can't contain your username.",
                username.lower() not in password.lower(),
            )
        )
    if len(password) > policy.max_length:
        results.append(RuleResult(f"Password can't be longer than {policy.max_length} characters.", False))
    return results


def password_problems(
    policy: PasswordPolicy, password: str, confirm: str, username: str = ""
) -> list[str]:
    problems = [r.text for r in password_rules(policy, password, username) if not r.ok]
    if password != confirm:
        problems.append("The two passwords do not match.")
    return problems
