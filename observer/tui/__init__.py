"""The coding TUI (Textual): ``ObserverApp(study=PATH, rater=NAME, session=ID)``."""

from observer.tui.app import ObserverApp

__all__ = ["ObserverApp"]
