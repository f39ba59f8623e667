"""observer: code alliance ruptures and their resolution in recorded sessions.

Importing this package loads neither Textual nor pandas; the heavy layers are
imported where a command needs them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
