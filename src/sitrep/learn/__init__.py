"""Small learned models on top of the rules: numpy only, weights shipped as versioned data."""
