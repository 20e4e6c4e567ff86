"""The production smoke suite (``make test-production``): the platform run as depa runs it, tested
over HTTP. Outside ``tests/``, so plain ``make test`` never collects it (see README, "Operations")."""
