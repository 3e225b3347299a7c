"""Pages and static files served by the same app as the API."""
