"""The full-screen Textual app: the app, its screens and widgets, and the words they show."""
