"""The coding screen's media: ``settings`` (the mode), ``control`` (the player on a worker thread, imported only
when media is on), ``bar`` (the media line) and ``actions`` (the screen's media commands)."""
