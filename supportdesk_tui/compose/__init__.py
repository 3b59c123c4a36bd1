"""Writing a reply: what it is filled from, what the check and the review ask, what is sent.

No Textual here: the compose screen, the CLI and the tests share it.
"""
