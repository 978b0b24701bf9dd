"""Pages of Darurat 112: the call-taker's console, the responder's phone view, the public
statistics (and the warnings part's pages in ``warnings.py`` / ``cap.py``)."""
