"""Output forms. Only render.text imports Rich; JSON and Markdown use the standard library."""
