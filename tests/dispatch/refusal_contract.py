"""The context contract of dispatch refusals (``dispatch.errors.RULE_KEYS``), checked on errors."""

from __future__ import annotations

from dispatch.errors import RULE_KEYS, DispatchError
from dispatch.rules import RULE_TEXT


def _plain(value: object) -> bool:
    if isinstance(value, list):
        return all(isinstance(v, str) for v in value)
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def contract_problems(exc: DispatchError) -> list[str]:
    """What ``exc`` breaks of the contract: a known rule, exactly its keys, plain values."""
    where = f"{type(exc).__name__}({exc.message!r})"
    context = dict(exc.context)
    rule = context.pop("rule", None)
    if not isinstance(rule, str) or rule not in RULE_KEYS:
        return [f"{where}: rule {rule!r} is not in RULE_KEYS"]
    problems = []
    if set(context) != RULE_KEYS[rule]:
        problems.append(f"{where}: {rule} carries {sorted(context)}, not {sorted(RULE_KEYS[rule])}")
    problems += [f"{where}: {k}={v!r} is not plain" for k, v in context.items() if not _plain(v)]
    if rule == "actor" and context.get("actor_rule") not in RULE_TEXT:
        problems.append(f"{where}: actor_rule {context.get('actor_rule')!r} not in RULE_TEXT")
    return problems
