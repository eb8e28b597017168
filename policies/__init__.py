"""Pure decisions: spam, poaching, complaints, herd, engagement, lifecycle. No I/O, no clock."""
