"""Recording tasks: replaying reference pages and writing the video and checkpoints."""
