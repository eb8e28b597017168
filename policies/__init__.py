"""Pure decisions: spam, poaching, complaints, herd, engagement, lifecycle. No I/O, no clock."""

from policies.chatpolicy import ChatPolicy
from policies.classifier import ChatModel, Model, train
from policies.facts import (
    Action,
    ButtonFact,
    Check,
    EntityFact,
    ForwardFacts,
    MemberFacts,
    MessageFacts,
    Verdict,
)
from policies.flood import FloodWindow
from policies.spam import evaluate

__all__ = [
    "Action",
    "ButtonFact",
    "ChatModel",
    "ChatPolicy",
    "Check",
    "EntityFact",
    "FloodWindow",
    "ForwardFacts",
    "MemberFacts",
    "MessageFacts",
    "Model",
    "Verdict",
    "evaluate",
    "train",
]
