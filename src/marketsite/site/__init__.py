"""The site stage: MkDocs builds per locale in workers, the plugin, the output folder."""
