"""Chain templates (data, one YAML file a chain), shipped as package data chainkg.chains."""
