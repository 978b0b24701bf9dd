"""Server-rendered pages: the public site, sign-in and the staff console shell."""
