// The Script target.
