"""The office chain (revisions ``o0001``...): the relay's tables, apart from the hub's."""
