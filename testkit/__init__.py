"""What the tests and the benchmarks share: stand-ins for the platforms at the network edge
(Slack's Web API and signed requests, Discord's gateway and HTTP API, an LLM endpoint) and
deterministic data (discussions, seeded groups). Not installed with the bot; bench/ imports
this, never tests/."""
