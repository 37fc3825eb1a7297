"""Liquid as the ioFog Controller renders it: a python-liquid environment with liquidjs semantics.

The Controller (3.0.4) renders every string of the object its YAML parser built with a vendored
liquidjs 9.17.0 patched to keep the type of a single output, and stores whatever comes out —
including error text (`rvaluesVarSubstition` in eclipse-iofog/Controller
`src/helpers/template-helper.js`; measured on a real Controller 3.0.4).
This package reproduces that on python-liquid, so that edgelint sees what the Controller will
store before it stores it. Only the modules that render import python-liquid, so only files that
contain `{{` or `{%` (or a backslash that may spell them) pay for it; and they pay for the part of
it a render runs (liquid_import.py).
"""

from edgelint.render import liquid_import

liquid_import.install()
