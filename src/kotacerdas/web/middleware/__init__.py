"""Request checks at the edge, before authentication and before any view reads the body:
the body limit per endpoint kind (``limits``) and control characters in parameters
(``hygiene``). Their refusals come in the caller's format (``formats``)."""
