// The Plot target.
