"""Pages of Agenda & Wisata: public (citizens, visitors), console (curating staff), feeds."""
