"""The coding screen's media: the player glue (``control``), the media line (``bar``) and the commands (``actions``)."""
