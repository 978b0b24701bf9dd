"""Pages, fragments and streams of the situation room."""
