"""`supportdesk report`: the managers' numbers outside the app, as a table, CSV, JSON or a
self-contained HTML page. The numbers come from `Store.report`; here they are only written."""
