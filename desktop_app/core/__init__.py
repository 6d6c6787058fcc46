"""Infrastructure shared by every layer: paths, resources, logging."""
