"""The transparency log: an append-only RFC 9162 Merkle log of public events, signed tree heads."""
