"""Runners drive the pipeline's stages: local (one process, streaming) and ray_data (Ray Data)."""
