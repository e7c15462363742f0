"""medcli: an offline, terminal-first drug monograph reference."""

__version__ = "0.1.0"
