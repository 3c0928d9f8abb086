"""Where updates come in: long polling or a webhook, each update acknowledged after commit."""
