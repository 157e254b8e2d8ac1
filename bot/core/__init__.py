"""The platform-neutral core: message model, command registry, argument parsing, dispatch."""
