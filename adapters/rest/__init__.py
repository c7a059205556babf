"""Flask pieces both web apps share: RFC 9457 problem documents, and the terminal-facing
blueprint (enrol, push events, pull master data) that GATE serves and OFFICE will too."""
