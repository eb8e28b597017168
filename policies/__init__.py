"""Pure decisions: spam, poaching, complaints, herd, engagement, rights. No I/O, no clock."""

from policies.chatpolicy import ChatPolicy
from policies.classifier import ChatModel, Model, train
from policies.combine import combine, event_kind, is_restorable, label_of
from policies.facts import (
    LABELS,
    Action,
    AlertPlan,
    ButtonFact,
    Check,
    Decision,
    EntityFact,
    Finding,
    ForwardFacts,
    MemberFacts,
    MessageFacts,
)
from policies.flood import FloodFacts, FloodWindow
from policies.pipeline import evaluate, findings
from policies.textfacts import TextFacts, read_text

__all__ = [
    "LABELS",
    "Action",
    "AlertPlan",
    "ButtonFact",
    "ChatModel",
    "ChatPolicy",
    "Check",
    "Decision",
    "EntityFact",
    "Finding",
    "FloodFacts",
    "FloodWindow",
    "ForwardFacts",
    "MemberFacts",
    "MessageFacts",
    "Model",
    "TextFacts",
    "combine",
    "evaluate",
    "event_kind",
    "findings",
    "is_restorable",
    "label_of",
    "read_text",
    "train",
]
