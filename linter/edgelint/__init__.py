"""edgelint: lint and fix ioFog / Edgeworx Cloud application YAML before the Controller sees it."""

__version__ = "0.2.0"
