// Placeholder: calendars and deadline arithmetic land here.
