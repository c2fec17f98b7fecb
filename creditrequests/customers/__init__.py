"""The customer directory: each organisation's customers, picked in the wizard, not retyped."""
