"""Panes and small widgets. They show store objects and post messages; they never open the
database or the network."""
