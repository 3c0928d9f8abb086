"""`leadbot dashboard`: the funnel, the leads and the content, as web pages behind a login."""
