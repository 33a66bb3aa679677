"""清廉标准库: turns clean-governance standards kept as YAML into a site and printable handbooks."""

__version__ = "0.2.0"
