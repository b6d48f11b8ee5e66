"""What is kept on disk and owned by the store alone: the SQLite state and its typed records, the raw-mail
archive, atomic writes, the data directory's lock, owner and permissions."""
