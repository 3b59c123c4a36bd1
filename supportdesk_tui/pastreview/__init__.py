"""The review of past threads outside the screen: the check over past replies, the CSV export
and the `supportdesk reviews` command. No Textual."""
