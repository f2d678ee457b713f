"""The derivation stage: computed facts, Babel formatting and generated sentences."""
