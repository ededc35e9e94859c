"""Builders: each turns the one in-memory catalogue into one kind of output."""
