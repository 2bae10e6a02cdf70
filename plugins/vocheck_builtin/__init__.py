"""vocheck's built-in checks, registered through the same hooks as any third-party plugin."""
