"""Fakes for the outside world only: a loopback OpenAI-compatible server and its helpers."""
