"""A process's calendar as data (milestones with Spanish labels) and as an iCalendar feed."""
