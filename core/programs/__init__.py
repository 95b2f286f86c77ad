"""Program declarations: steps, fields, documents, statuses and policies, loaded from data/programs."""

from core.programs.spec import (
    Condition,
    DocumentSpec,
    FieldSpec,
    LoginPolicy,
    PasswordPolicy,
    Program,
    Section,
    StepSpec,
    load_program,
    program,
    programs,
)

__all__ = [
    "Condition",
    "DocumentSpec",
    "FieldSpec",
    "LoginPolicy",
    "PasswordPolicy",
    "Program",
    "Section",
    "StepSpec",
    "load_program",
    "program",
    "programs",
]
