"""Where monographs live and how they are read: the environment, folders and files,
the loader, the parsed cache, the index and name resolution.

Import what you need from its module; this package file stays empty so that
importing one part never drags in the others.
"""
