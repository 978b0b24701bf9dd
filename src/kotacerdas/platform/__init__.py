"""The platform runtime: what sits between the core and the apps at run time.

It knows the apps through the contract and the core's models: enabling apps
(``installations``), resolving each request's and job's app context (``context``),
mounting apps' URLs behind those contexts (``mount``), the console's navigation
(``console_nav``), the job runner (``jobs``) and the demo (``demo``). Apps never import it;
the core never imports it or the contract.
"""
