"""observer serve, the lab server: accounts log in, and each browser connection runs the app its account may use.

``config`` checks where the server may listen; ``logins`` and ``throttle`` keep the
login sessions and slow down guessing; ``gate`` is the server's own connection to the
study; ``apps`` decides what each account's connection runs; ``channel`` relays the
coding app's media commands to the page's media element; ``server`` is the
textual-serve server extended with all of it. Only the ``observer serve`` command
imports this package.
"""
