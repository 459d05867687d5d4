"""Reading volunteer data, always scoped to the user (see ``lotse.volunteers.access``)."""
