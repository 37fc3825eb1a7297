"""One run: the inputs found, each file linted (lint) or fixed, in workers when there are
many (runner), results and the result cache, what is masked (secrets), crash reports."""
