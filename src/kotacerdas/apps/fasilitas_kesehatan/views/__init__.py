"""Pages of Fasilitas Kesehatan: public finder, console, FHIR."""
