"""observer serve, the lab server: accounts log in, and each browser connection runs the app its account may use.

``config`` checks where the server may listen; ``logins`` and ``throttle`` keep the
login sessions and slow down guessing; ``gate`` is the server's own connection to the
study (accounts, the access log, who may play which recording); ``apps`` decides what
each page runs and ``launch`` runs it in the page's app process (``app_process``);
``pages`` tracks the pages handed out; ``channel`` relays the coding app's media
commands to the page's media element; ``recordings`` streams them; ``headers`` puts the
security headers on every answer; ``server`` is textual-serve's server extended with
all of it. Only the ``observer serve`` command imports this package.
"""
