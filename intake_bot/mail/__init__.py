"""One message taken apart: MIME parts, attachments and archive members with hostile input refused, file
names as a person reads them, what kind of mail it is and what its text says."""
