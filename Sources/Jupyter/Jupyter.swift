// The Jupyter target.
