// The SomaRuntime target.
