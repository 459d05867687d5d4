"""Client documents: uploads to a client's file or case, stored encrypted (issue #17 §1)."""
