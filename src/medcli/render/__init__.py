"""Renderers: plain data in, Rich renderables or JSON out. They format; they never compute."""
