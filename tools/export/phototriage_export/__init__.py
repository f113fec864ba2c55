"""phototriage model export tool: real Hugging Face checkpoints and tiny random-weight twins, plus golden files."""
