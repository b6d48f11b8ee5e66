"""Sample mails and documents the project builds itself: the demo mailbox and the test fixtures.

    python -m samples OUT_DIR      # OUT_DIR/eml/*.eml and OUT_DIR/roster.csv

Every name, address and number is invented (reserved *.example domains).
"""
