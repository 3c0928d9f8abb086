"""aiogram routers: thin handlers that call the domain and render content.

`bot.dialogs.routers.get_routers` joins them; this package itself imports nothing, so
`bot.dialogs.callbacks` can be imported by the presentation without pulling in routers.
"""
