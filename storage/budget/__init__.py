"""A platform's history budget, shared by every process of a deployment."""
