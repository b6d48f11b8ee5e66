"""What a document is and what it says: parsed or OCR'd, classified as a material, its title's year and
competition, its signature, its form read by the campaign's reader; in worker processes."""
