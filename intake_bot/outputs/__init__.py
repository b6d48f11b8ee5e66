"""What people read and what is sent: the tracking workbook and what staff write back into it, replies and
their state machine, reminders, the digest, status, the export."""
