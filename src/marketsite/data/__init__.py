"""The data stage: files read into values with their lines, the file models, problems."""
