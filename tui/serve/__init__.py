"""`packetdesk serve`: the application over SSH (and in a browser) without shell accounts.

One asyncssh server process accepts connections; a pre-forked zygote that has already imported
the application forks one child per session on its own pseudo-terminal (see zygote.py).
"""
