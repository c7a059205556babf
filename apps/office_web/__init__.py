"""OFFICE, a store's server: the relay between the store's tills and GATE (issue #11).

It answers the tills the terminal contract GATE answers (enrol, push events, pull master
data: the shared blueprints of ``adapters.rest``), keeps what they push in the store's
own database and forwards it to GATE from its own queue, and serves the master data it
pulled from GATE. Its web pages for the store manager come with a later issue.
"""
