"""The campaign-dash application: App, screens, key bindings, clipboard, command line."""
